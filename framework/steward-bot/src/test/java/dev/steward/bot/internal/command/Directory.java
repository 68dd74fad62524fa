package dev.steward.bot.internal.command;

import dev.steward.bot.command.MemberDirectory;
import dev.steward.client.UserId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A member directory for tests: exact display-name matches, in insertion order. */
final class Directory implements MemberDirectory {
  private final Map<UserId, String> names = new LinkedHashMap<>();
  int lookups;

  Directory with(String userId, String displayName) {
    names.put(UserId.of(userId), displayName);
    return this;
  }

  @Override
  public List<UserId> byDisplayName(String name) {
    lookups++;
    return names.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey).toList();
  }
}
