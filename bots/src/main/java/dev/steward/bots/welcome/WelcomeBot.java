package dev.steward.bots.welcome;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.ops.BotMetrics;
import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bot.store.StewardStore;
import dev.steward.bots.rooms.ParentSpaces;
import dev.steward.bots.rooms.RoomNames;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.Messages;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import io.micrometer.core.instrument.Counter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Greets users who join a room the bot is in with the template from {@code bots.welcome} (the room's own, if it has
 * one, else its space's; plain or Markdown), as a notice with a plain and an HTML body (names escaped), in the room
 * or in a direct chat with the newcomer. Never greets the bot itself, nor the members already in a room the bot joins.
 * Each member is greeted once per room: the store remembers whom it greeted and when members left, so neither a
 * restart nor a return within {@code regreet_after} brings a second greeting. Display-name and avatar changes are
 * not joins ({@link MembershipEvent.Change#PROFILE}) and never greeted. In {@code challenge_rooms} a newcomer is
 * muted until they agree to the rules ({@link RulesChallenge}).
 */
@Bot(value = "welcome", settings = WelcomeSettings.class)
public class WelcomeBot {
  private static final Logger log = LoggerFactory.getLogger(WelcomeBot.class);
  private static final String AGREE = "\u2705";

  private final WelcomeSettings settings;
  private final WelcomeTemplate template;
  private final Map<RoomId, WelcomeTemplate> roomTemplates;
  private final Map<RoomId, WelcomeTemplate> spaceTemplates;
  private final WelcomeTemplate rules;
  private final UserId self;
  private final Arrivals arrivals;
  private final RulesChallenge challenge;
  private final Clock clock = Clock.systemUTC();
  /** {@code steward_bot_welcome_greetings_total} on {@code /metrics}. */
  private final Counter greetings;
  /** {@code steward_bot_welcome_rules_agreed_total}: newcomers who agreed to the rules. */
  private final Counter agreements;
  /**
   * Rooms the bot was in before the joins it now sees. When the bot joins a room, its sync first delivers the joins
   * of the members already there, then the bot's own join: only joins after that are arrivals worth a greeting.
   */
  private final Set<RoomId> present = ConcurrentHashMap.newKeySet();

  /** Takes {@code bots.welcome} (bound and checked by the runtime) and notes the rooms the bot is already in. */
  public WelcomeBot(WelcomeSettings settings, MatrixClient client, StewardStore store, DelayedActions actions,
                    BotMetrics metrics) {
    this.settings = settings;
    this.greetings = metrics.counter("welcome_greetings", "via", settings.directMessage() ? "direct" : "room");
    this.agreements = metrics.counter("welcome_rules_agreed");
    this.template = settings.template();
    this.roomTemplates = settings.roomTemplates();
    this.spaceTemplates = settings.spaceTemplates();
    this.rules = settings.challengeTemplate();
    this.self = client.userId();
    this.arrivals = new Arrivals(store.state("welcome"));
    this.challenge = new RulesChallenge(settings, store.state(RulesChallenge.NAMESPACE), actions, arrivals);
    present.addAll(client.rooms().joined());
    log.info("welcome: greeting joins in {} {} with \"{}\" ({}){}{}",
        settings.rooms().isEmpty() ? "every room" : settings.rooms(),
        settings.directMessage() ? "by direct message" : "in the room", template, template.format(),
        roomTemplates.isEmpty() && spaceTemplates.isEmpty() ? "" : ", own templates in " + roomTemplates.keySet()
            + (spaceTemplates.isEmpty() ? "" : " and the rooms of the spaces " + spaceTemplates.keySet()),
        settings.challengeRooms().isEmpty() ? "" : "; rules challenge in " + settings.challengeRooms());
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
    if (join.timestamp().isBefore(Instant.now(clock).minus(settings.maxAge()))) {
      log.info("welcome: not greeting {} in {}: the join is older than {}", join.target(), room, settings.maxAge());
      return;
    }
    if (greetsIn(room)) {
      greet(join, ctx);
    }
    if (challenge.appliesTo(room) && challenge.mute(ctx.client(), room, join.target())) {
      WelcomeTemplate.Rendered text = rules.render(
          new WelcomeTemplate.Values(join.target(), join.displayName(), RoomNames.of(ctx.client(), room)));
      Optional<EventId> posted = ctx.sendHtml(text.plain(), text.html());
      challenge.started(room, join.target(), posted.orElse(null), join.timestamp());
    }
  }

  private void greet(MembershipEvent join, EventContext ctx) {
    RoomId room = join.room();
    if (!arrivals.isArrival(room, join.target(), join.timestamp(), settings.regreetAfter())) {
      log.debug("welcome: not greeting {} in {} again: greeted before, or back within {}", join.target(), room,
          settings.regreetAfter());
      return;
    }
    WelcomeTemplate.Rendered greeting = templateFor(ctx.client(), room).render(
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
    greetings.increment();
  }

  @OnLeave
  void onLeave(MembershipEvent leave, EventContext ctx) {
    // The bot kicked or banned: the members it finds on its return are not arrivals.
    if (leave.target().equals(self)) {
      present.remove(leave.room());
      return;
    }
    if (greetsIn(leave.room())) {
      // Members from before the bot count too: one who returns within regreet_after is not new.
      arrivals.left(leave.room(), leave.target(), leave.timestamp());
    }
    if (challenge.appliesTo(leave.room())) {
      challenge.left(ctx.client(), leave.room(), leave.target());
    }
  }

  /** A ✅ on the rules message from the member it was posted for is their agreement. */
  @OnReaction
  void onReaction(ReactionEvent reaction, EventContext ctx) {
    if (!reaction.key().replace("\uFE0F", "").equals(AGREE)) {
      return;
    }
    challenge.pending(reaction.room(), reaction.sender())
        .filter(p -> reaction.target().equals(p.rules()))
        .ifPresent(p -> {
          challenge.agreed(ctx.client(), p);
          agreements.increment();
          ctx.send(AGREE + " " + reaction.sender() + " agreed to the rules and can post now.");
        });
  }

  @Command(value = "!agree", help = "Agree to the rules of a room you joined, there or in a direct chat with the bot")
  void agree(CommandContext ctx) {
    List<RulesChallenge.Pending> pending = challenge.pending(ctx.room(), ctx.sender()).map(List::of)
        .orElseGet(() -> challenge.pendingFor(ctx.sender()));
    if (pending.isEmpty()) {
      ctx.reply("There are no rules waiting for your agreement.");
      return;
    }
    pending.forEach(p -> {
      challenge.agreed(ctx.client(), p);
      agreements.increment();
    });
    ctx.react(AGREE);
  }

  /** The room's own template, else that of the first of its spaces (by id) that has one, else the default. */
  private WelcomeTemplate templateFor(MatrixClient client, RoomId room) {
    WelcomeTemplate own = roomTemplates.get(room);
    if (own != null || spaceTemplates.isEmpty()) {
      return own != null ? own : template;
    }
    try {
      return ParentSpaces.of(client, room, spaceTemplates.keySet()).stream().findFirst().map(spaceTemplates::get)
          .orElse(template);
    } catch (MatrixException e) {
      // A greeting with the default template beats none at all.
      log.warn("welcome: cannot read the spaces of {} ({} {}); greeting with the default template", room,
          e.errcode(), e.getMessage());
      return template;
    }
  }

  private boolean greetsIn(RoomId room) {
    return settings.rooms().isEmpty() || settings.rooms().contains(room);
  }
}
