package dev.steward.bot.internal.command;

import dev.steward.bot.command.ArgumentException;
import dev.steward.bot.command.MemberDirectory;
import dev.steward.bot.command.ParseContext;
import dev.steward.client.UserId;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Resolves a user argument: a full id, the text of a mention pill, or one room member's display name.
 *
 * <p>Moderation commands act on whoever this returns, so it refuses rather than guesses: invisible characters
 * never resolve, an id-shaped token is only ever an id (so a member cannot pose as {@code @admin:server} by
 * display name), and a display name shared by several members is an error listing them.
 */
final class UserIdConverter {
  /** Longer than any display name a homeserver accepts; spares the directory a 100 KB lookup. */
  private static final int MAX_DISPLAY_NAME = 256;
  private static final int MAX_LISTED = 5;

  private UserIdConverter() {}

  static UserId convert(String token, ParseContext ctx) {
    if (Text.hasInvisible(token)) {
      // Zero-width and bidi characters make "@admin\u200b:server" look like "@admin:server" in a client.
      throw new ArgumentException(Text.quote(token) + " contains invisible or control characters");
    }
    if (token.startsWith("@") && token.indexOf(':') > 1) {
      return fullId(token);
    }
    var pill = ctx instanceof MessageParse m ? m.claimPill(token) : java.util.Optional.<UserId>empty();
    if (pill.isPresent()) {
      return pill.get();
    }
    if (ctx.members().isEmpty() || token.isEmpty()) {
      throw new ArgumentException("Not a user id or member: " + Text.quote(token));
    }
    List<UserId> found = lookup(ctx.members().get(), token);
    if (found.isEmpty() && token.startsWith("@")) {
      found = lookup(ctx.members().get(), token.substring(1)); // "@Bob" typed by hand
    }
    if (found.isEmpty()) {
      throw new ArgumentException("no member named " + Text.quote(token));
    }
    if (found.size() > 1) {
      String listed = found.stream().limit(MAX_LISTED).map(UserId::value).collect(Collectors.joining(", "));
      String more = found.size() > MAX_LISTED ? " and " + (found.size() - MAX_LISTED) + " more" : "";
      throw new ArgumentException(Text.quote(token) + " is ambiguous: " + listed + more);
    }
    return found.get(0);
  }

  private static UserId fullId(String token) {
    try {
      return UserId.of(token);
    } catch (IllegalArgumentException e) {
      String hint = Text.isAscii(token) ? "" : " (it has non-ASCII characters)";
      throw new ArgumentException("not a valid user id" + hint + ": " + Text.quote(token));
    }
  }

  private static List<UserId> lookup(MemberDirectory members, String name) {
    if (name.isEmpty() || name.length() > MAX_DISPLAY_NAME) {
      return List.of();
    }
    List<UserId> found = members.byDisplayName(name);
    return found == null ? List.of() : found.stream().distinct().toList();
  }
}
