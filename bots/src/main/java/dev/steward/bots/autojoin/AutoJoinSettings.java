package dev.steward.bots.autojoin;

import dev.steward.bot.config.ConfigDefault;
import dev.steward.client.ServerName;
import dev.steward.client.UserId;
import java.util.List;
import java.util.Optional;

/**
 * The {@code bots.autojoin} section: whose invites the bot accepts, and what it does with the rest.
 *
 * <p>Matching is exact: a user id must equal an entry character for character (no case folding, no port
 * stripping), and a server entry matches the inviter's server name exactly, never a suffix of it. An empty
 * allow-list accepts nobody.
 *
 * @param users inviters whose invites are accepted, e.g. {@code @alice:example.org}
 * @param servers servers all of whose users' invites are accepted, e.g. {@code example.org}
 * @param rejectOthers true: other invites are rejected (the bot leaves the invited room); false: left pending
 */
public record AutoJoinSettings(List<UserId> users, List<ServerName> servers,
                               @ConfigDefault("true") boolean rejectOthers) {
  /** Copies the lists so the allow-list cannot change after start-up. */
  public AutoJoinSettings {
    users = List.copyOf(users);
    servers = List.copyOf(servers);
  }

  /**
   * Why {@code inviter} is allowed ({@code "user @a:b"} or {@code "server b"}), or empty when the allow-list does not
   * name it or its server.
   */
  public Optional<String> match(UserId inviter) {
    // Record equality compares the whole identifier string: '@Alice:x', '@alice:x:8448' and '@alice:x.evil' all
    // differ from '@alice:x', and the ids' grammar already refuses non-ASCII localparts and server names.
    if (users.contains(inviter)) {
      return Optional.of("user " + inviter);
    }
    ServerName server = inviter.server();
    if (servers.contains(server)) {
      return Optional.of("server " + server);
    }
    return Optional.empty();
  }

  /** Whether nothing is allowed: every invite is declined or ignored. */
  public boolean acceptsNobody() {
    return users.isEmpty() && servers.isEmpty();
  }
}
