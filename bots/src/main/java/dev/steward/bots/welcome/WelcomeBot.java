package dev.steward.bots.welcome;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greets users who join a room the bot is in with the template from {@code bots.welcome} (the room's own, if it has
 * one; plain or Markdown), as a notice with a plain and an HTML body (names escaped), in the room or in a direct chat
 * with the newcomer. Never greets the bot itself, nor the members already in a room the bot joins.
 * Each member is greeted once per room: the store remembers whom it greeted and when members left, so neither a
 * restart nor a return within {@code regreet_after} brings a second greeting. Display-name and avatar changes are
 * not joins ({@link MembershipEvent.Change#PROFILE}) and never greeted.
 */
@Bot(value = "welcome", settings = WelcomeSettings.class)
public class WelcomeBot {
  private static final Logger log = LoggerFactory.getLogger(WelcomeBot.class);

  private final WelcomeSettings settings;
  private final WelcomeTemplate template;
  private final Map<RoomId, WelcomeTemplate> roomTemplates;
  private final UserId self;
  private final Arrivals arrivals;
  private final Clock clock = Clock.systemUTC();
  /**
   * Rooms the bot was in before the joins it now sees. When the bot joins a room, its sync first delivers the joins
   * of the members already there, then the bot's own join: only joins after that are arrivals worth a greeting.
   */
  private final Set<RoomId> present = ConcurrentHashMap.newKeySet();

  /** Takes {@code bots.welcome} (bound and checked by the runtime) and notes the rooms the bot is already in. */
  public WelcomeBot(WelcomeSettings settings, MatrixClient client, StewardStore store) {
    this.settings = settings;
    this.template = settings.template();
    this.roomTemplates = settings.roomTemplates();
    this.self = client.userId();
    this.arrivals = new Arrivals(store.state("welcome"));
    present.addAll(client.rooms().joined());
    log.info("welcome: greeting joins in {} {} with \"{}\" ({}){}",
        settings.rooms().isEmpty() ? "every room" : settings.rooms(),
        settings.directMessage() ? "by direct message" : "in the room", template, template.format(),
        roomTemplates.isEmpty() ? "" : ", own templates in " + roomTemplates.keySet());
  }

  @OnJoin(includeSelf = true)
  void onJoin(MembershipEvent join, EventContext ctx) {
    RoomId room = join.room();
    if (join.target().equals(self)) {
      present.add(room);
      return;
    }
    if (!present.contains(room)) {
      log.debug("welcome: not greeting {} in {}: a member from before the bot joined", join.target(), room);
      return;
    }
    if (!greetsIn(room)) {
      return;
    }
    if (join.timestamp().isBefore(Instant.now(clock).minus(settings.maxAge()))) {
      log.info("welcome: not greeting {} in {}: the join is older than {}", join.target(), room, settings.maxAge());
      return;
    }
    if (!arrivals.isArrival(room, join.target(), join.timestamp(), settings.regreetAfter())) {
      log.debug("welcome: not greeting {} in {} again: greeted before, or back within {}", join.target(), room,
          settings.regreetAfter());
      return;
    }
    WelcomeTemplate.Rendered greeting = roomTemplates.getOrDefault(room, template).render(
        new WelcomeTemplate.Values(join.target(), join.displayName(), RoomNames.of(ctx.client(), room)));
    if (settings.directMessage()) {
      RoomId dm = ctx.client().directMessages().getOrCreate(join.target());
      // The context's transaction id: a rerun of this handler after a crash resends under the same id.
      ctx.client().sendEvent(dm, "m.room.message", Messages.content("m.notice", greeting.plain(), greeting.html()),
          ctx.nextTxnId());
    } else {
      ctx.sendHtml(greeting.plain(), greeting.html());
    }
    // Noted after the send: if the bot dies in between, the handler runs again and the homeserver recognises the
    // resend by its transaction id, so the member still sees one greeting.
    arrivals.greeted(room, join.target(), join.timestamp());
  }

  @OnLeave
  void onLeave(MembershipEvent leave) {
    // The bot kicked or banned: the members it finds on its return are not arrivals.
    if (leave.target().equals(self)) {
      present.remove(leave.room());
      return;
    }
    if (greetsIn(leave.room())) {
      // Members from before the bot count too: one who returns within regreet_after is not new.
      arrivals.left(leave.room(), leave.target(), leave.timestamp());
    }
  }

  private boolean greetsIn(RoomId room) {
    return settings.rooms().isEmpty() || settings.rooms().contains(room);
  }
}
