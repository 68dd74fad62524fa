package dev.steward.bots.moderation.commands;

import dev.steward.bot.command.CommandContext;
import dev.steward.bots.moderation.policy.Glob;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.Membership;
import dev.steward.client.model.RoomMember;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user a command is about: a user id, a pill (a mention link in the formatted body), or a glob such as
 * {@code @*:spam.example} that stands for the current members who match it.
 */
final class Targets {
  private static final Pattern PILL = Pattern.compile("https://matrix\\.to/#/(@[^\"'?>]+)");

  private Targets() {}

  /** Whether {@code word} is a glob. */
  static boolean isGlob(String word) {
    return Glob.isGlob(word);
  }

  /** The user {@code word} names (an id, or the first pill when the client wrote a display name). */
  static UserId user(String word, CommandContext ctx) {
    if (word.startsWith("@")) {
      try {
        return UserId.of(word);
      } catch (IllegalArgumentException e) {
        throw new Usage("not a user id: " + word);
      }
    }
    String html = ctx.message() != null ? ctx.message().formattedBody() : null;
    if (html != null) {
      Matcher m = PILL.matcher(html);
      if (m.find()) {
        try {
          return UserId.of(java.net.URLDecoder.decode(m.group(1), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          throw new Usage("not a user id: " + m.group(1));
        }
      }
    }
    throw new Usage("not a user id or glob: " + word);
  }

  /**
   * The members of {@code rooms} with {@code membership} whose ids match {@code glob}, sorted; a room whose members
   * cannot be read is named in {@code problems}.
   */
  static Set<UserId> matching(MatrixClient client, String glob, List<RoomId> rooms, Membership membership,
                              List<String> problems) {
    if (!glob.startsWith("@") || glob.indexOf(':') < 0) {
      throw new Usage("a user glob looks like @*:server or @name*:*, not " + glob);
    }
    Glob g = Glob.of(glob);
    Set<UserId> out = new TreeSet<>(java.util.Comparator.comparing(UserId::value));
    UserId self = client.userId();
    for (RoomId room : rooms) {
      try {
        for (RoomMember m : client.rooms().members(room, membership, null)) {
          if (m.membership() == membership && !m.userId().equals(self) && g.matches(m.userId().value())) {
            out.add(m.userId());
          }
        }
      } catch (MatrixException e) {
        problems.add(room + " (" + e.errcode() + ")");
      }
    }
    return out;
  }
}
