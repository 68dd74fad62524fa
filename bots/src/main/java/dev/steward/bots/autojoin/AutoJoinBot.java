package dev.steward.bots.autojoin;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.OnInvite;
import dev.steward.bot.event.InviteEvent;
import dev.steward.client.Rooms;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts invites only from the users and servers in {@code bots.autojoin}; rejects the others, or leaves them
 * pending when {@code reject_others: false}. Every decision is logged with the inviter and the room.
 */
@Bot(value = "autojoin", settings = AutoJoinSettings.class)
public class AutoJoinBot {
  private static final Logger log = LoggerFactory.getLogger(AutoJoinBot.class);
  /** The reason a rejected inviter sees: says what happened without revealing the allow-list. */
  static final String REJECT_REASON = "this bot accepts invites only from allow-listed users";

  private final AutoJoinSettings settings;

  /** Takes {@code bots.autojoin}, bound and checked by the runtime before login. */
  public AutoJoinBot(AutoJoinSettings settings) {
    this.settings = settings;
    if (settings.acceptsNobody()) {
      log.warn("autojoin: the allow-list (bots.autojoin.users, bots.autojoin.servers) is empty; "
          + "every invite will be {}", settings.rejectOthers() ? "rejected" : "ignored");
    } else {
      log.info("autojoin: accepting invites from users {} and servers {}", settings.users(), settings.servers());
    }
  }

  @OnInvite
  void onInvite(InviteEvent invite, Rooms rooms) {
    Optional<String> match = settings.match(invite.inviter());
    if (match.isPresent()) {
      log.info("autojoin: accepting the invite to {} from {} ({} is allow-listed)", invite.room(), invite.inviter(),
          match.get());
      rooms.join(invite.room());
    } else if (settings.rejectOthers()) {
      log.info("autojoin: rejecting the invite to {} from {}: not on the allow-list", invite.room(), invite.inviter());
      rooms.leave(invite.room(), REJECT_REASON);
    } else {
      log.info("autojoin: ignoring the invite to {} from {}: not on the allow-list (left pending)", invite.room(),
          invite.inviter());
    }
  }
}
