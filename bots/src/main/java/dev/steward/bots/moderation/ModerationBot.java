package dev.steward.bots.moderation;

import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.OnEdit;
import dev.steward.bot.annotation.OnEvent;
import dev.steward.bot.annotation.OnJoin;
import dev.steward.bot.annotation.OnLeave;
import dev.steward.bot.annotation.OnMembership;
import dev.steward.bot.annotation.OnMessage;
import dev.steward.bot.annotation.OnReaction;
import dev.steward.bot.annotation.OnRedaction;
import dev.steward.bot.annotation.OnState;
import dev.steward.bot.annotation.Rest;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.StewardConfig;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.EventContext;
import dev.steward.bot.event.GenericEvent;
import dev.steward.bot.event.MembershipEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.ReactionEvent;
import dev.steward.bot.event.RedactionEvent;
import dev.steward.bot.event.StateEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.bot.ops.StatusSection;
import dev.steward.bot.ops.StatusTable;
import dev.steward.bot.schedule.DelayedActions;
import dev.steward.bot.store.StewardStore;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.JoinRules;
import dev.steward.bots.moderation.actions.Plans;
import dev.steward.bots.moderation.actions.Warnings;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.bots.moderation.commands.Gate;
import dev.steward.bots.moderation.commands.ListCommands;
import dev.steward.bots.moderation.commands.MemberCommands;
import dev.steward.bots.moderation.commands.OtherCommands;
import dev.steward.bots.moderation.commands.ReportCommands;
import dev.steward.bots.moderation.actions.Redactions;
import dev.steward.bots.moderation.commands.RoomCommands;
import dev.steward.bots.moderation.policy.PolicyLists;
import dev.steward.bots.moderation.policy.ServerAcl;
import dev.steward.bots.moderation.reports.AbuseReports;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A moderation bot in the manner of Mjolnir and Draupnir: moderators command it from a management room (or a protected
 * room, for that room), it bans, kicks, mutes and redacts across the protected rooms, follows ban lists, runs the
 * protections, and reports and audits everything it does. This class only wires the parts and routes events to them.
 */
@Bot(value = "moderation", settings = ModerationSettings.class)
public class ModerationBot implements AutoCloseable, StatusSection {
  private static final Logger log = LoggerFactory.getLogger(ModerationBot.class);

  private final MatrixClient client;
  private final ManagementRoom management;
  private final Moderators moderators;
  private final ProtectedRooms rooms;
  private final ActionExecutor actions;
  private final List<ModerationListener> listeners;
  private final Members members;
  private final PolicyLists lists;
  private final RoomCommands roomCommands;
  private final MemberCommands memberCommands;
  private final ListCommands listCommands;
  private final OtherCommands otherCommands;
  private final ReportCommands reportCommands;
  private final ListScopes scopes;
  private final Optional<ServerAcl> acl;
  private final NativeBans nativeBans;
  private final Optional<AbuseReports> reports;
  private final Thread starter;
  private final AuditStatus auditStatus;

  /** Resolves and joins the management room, loads the protected rooms, then checks powers in the background. */
  public ModerationBot(ModerationSettings settings, MatrixClient client, StewardStore store, DelayedActions delayed,
                       StewardConfig config) {
    this.client = client;
    RoomId managementId = joinManagementRoom(client, settings.managementRoom());
    this.management = new ManagementRoom(client, managementId);
    Set<UserId> named = new LinkedHashSet<>(settings.moderators());
    named.addAll(config.bot().owners());
    this.moderators = new Moderators(client, named, settings.moderatorLevel(), managementId);
    List<String> unresolved = new ArrayList<>();
    List<RoomId> configured = new ArrayList<>();
    for (String ref : settings.protectedRooms()) {
      try {
        configured.add(RoomRefs.resolve(client, ref));
      } catch (MatrixException e) {
        unresolved.add(ref + " (" + e.errcode() + ")");
      }
    }
    this.rooms = new ProtectedRooms(client, store.state(ProtectedRooms.NAMESPACE), configured);
    AuditLog audit = new AuditLog(store);
    this.auditStatus = new AuditStatus(audit);
    this.actions = new ActionExecutor(client, moderators, rooms, audit, management,
        new Plans(store.state("moderation.plans")), delayed, settings.parallelRooms());
    JoinRules joinRules = new JoinRules(client, store.state("moderation.joinrules"), audit, management, delayed);
    Warnings warnings = new Warnings(store.state("moderation.warnings"), audit, actions, settings.warnLimit(),
        settings.warnAction(), Clock.systemUTC());
    ModerationServices services = new ModerationServices(client, moderators, rooms, actions, joinRules, management,
        audit, store, delayed, warnings);
    this.listeners = List.copyOf(ProtectionWiring.create(settings, services));
    Gate gate = new Gate(client, moderators, rooms, managementId, settings.moderatorLevel());
    this.members = new Members(client);
    this.lists = new PolicyLists(client, store.state("moderation.listbans"), actions, management, members);
    this.listCommands = new ListCommands(client, gate, lists, store.state("moderation.lists"),
        settings.publishLists());
    this.memberCommands = new MemberCommands(client, gate, moderators, rooms, actions, management, listCommands);
    this.scopes = new ListScopes(client, lists, rooms);
    this.acl = settings.serverAcl() ? Optional.of(new ServerAcl(client, lists, rooms::all,
        ServerAcl.guarded(client.userId(), named), store.state("moderation.acl"), management, audit))
        : Optional.empty();
    acl.ifPresent(a -> lists.onServerRulesChanged(a::requestUpdate));
    this.nativeBans = new NativeBans(client, settings.nativeBans(), moderators, rooms, actions, management, members,
        listCommands);
    this.reports = settings.abuseReports().enabled() ? Optional.of(new AbuseReports(client,
        store.state("moderation.reports"), management, moderators, rooms, actions,
        // A list is read by other communities: the reporter's own words stay out of it.
        (code, r) -> listCommands.publish(code, r.sender().value(), "reported (abuse report " + r.id() + ")",
            client.userId())))
        : Optional.empty();
    this.reportCommands = new ReportCommands(gate, reports);
    this.roomCommands = new RoomCommands(gate, rooms, new RoomCommands.RoomChanges() {
      @Override
      public boolean add(RoomId room) {
        boolean added = rooms.add(room);
        if (members.tryLoad(room)) {
          lists.applyAll();
        }
        acl.ifPresent(ServerAcl::requestUpdate);
        return added;
      }

      @Override
      public boolean remove(RoomId room) {
        members.drop(room);
        return rooms.remove(room);
      }
    }, this::missingPowers);
    this.otherCommands = new OtherCommands(client, gate, moderators, rooms, actions, new Redactions(client, audit),
        audit, management, warnings, lists, settings, this::missingPowers, members);
    List<String> watch = List.copyOf(listCommands.toWatch(settings.policyLists()));
    this.starter = new Thread(() -> start(unresolved, watch, settings), "moderation-start");
    starter.setDaemon(true);
    starter.start();
  }

  /** The recent moderation actions on the ops status page. */
  @Override
  public StatusTable status(int limit) {
    return auditStatus.status(limit);
  }

  private static RoomId joinManagementRoom(MatrixClient client, String ref) {
    try {
      RoomId room = RoomRefs.resolve(client, ref);
      if (!client.rooms().joined().contains(room)) {
        client.rooms().join(room);
      }
      return room;
    } catch (MatrixException e) {
      throw new IllegalStateException("bots.moderation.management_room: cannot join " + ref + " ("
          + e.errcode() + ": " + e.error() + ")", e);
    }
  }

  /** The start-up report: rooms joined, powers checked (saying plainly where they are missing), plans finished. */
  private void start(List<String> unresolved, List<String> watch, ModerationSettings settings) {
    try {
      List<RoomId> joined = client.rooms().joined();
      List<String> problems = new ArrayList<>();
      unresolved.forEach(ref -> problems.add(ref + ": cannot resolve the alias"));
      for (RoomId room : rooms.all()) {
        if (!joined.contains(room)) {
          try {
            client.rooms().join(room);
          } catch (MatrixException e) {
            problems.add(room + ": cannot join (" + e.errcode() + ")");
            continue;
          }
        }
        rooms.refreshSize(room);
        if (!members.tryLoad(room)) {
          problems.add(room + ": cannot read its members");
        }
        List<String> missing = missingPowers(room);
        if (!missing.isEmpty()) {
          problems.add(room + ": cannot " + String.join(", ", missing));
        }
      }
      settings.listScopes().forEach((list, where) -> scopes.limit(list, where, problems));
      for (String ref : watch) {
        try {
          lists.load(RoomRefs.resolve(client, ref));
        } catch (MatrixException e) {
          problems.add("ban list " + ref + ": cannot read it (" + e.errcode() + ")");
        }
      }
      management.notice("Moderation bot started: protecting " + rooms.all().size() + " room(s)"
          + (lists.counts().isEmpty() ? "" : ", following " + lists.counts().size() + " ban list(s) with "
              + lists.matcher().size() + " ban rule(s)")
          + (listeners.isEmpty() ? "" : ", protections: " + String.join(", ",
              listeners.stream().map(ModerationListener::name).toList()))
          + settings.optionalPartsOn()
          + (problems.isEmpty() ? "; it has the power to ban, kick, redact and change power levels in all of them."
              : ". Problems:\n- " + String.join("\n- ", problems)));
      actions.resumeUnfinished();
      lists.applyAll();
    } catch (RuntimeException e) {
      log.error("moderation: start-up checks failed", e);
      management.notice("Moderation bot start-up checks failed: " + e.getMessage());
    } finally {
      // Whatever failed above, the ACL and the report polling still start: they would otherwise wait for a restart.
      acl.ifPresent(ServerAcl::requestUpdate);
      reports.ifPresent(r -> r.start(settings.abuseReports().pollEvery()));
    }
  }

  /** What the bot lacks the power to do in {@code room}, or why its levels cannot be read. */
  List<String> missingPowers(RoomId room) {
    try {
      return ProtectedRooms.missingPowers(moderators.powerLevels(room), client.userId());
    } catch (MatrixException e) {
      return List.of("read the power levels (" + e.errcode() + ")");
    }
  }

  // ---- commands ----

  @Command(value = "!rooms", help = "List, add or remove protected rooms: " + RoomCommands.USAGE)
  void rooms(CommandContext ctx, @Rest String args) {
    roomCommands.run(ctx, args);
  }

  @Command(value = "!ban", help = MemberCommands.BAN)
  void ban(CommandContext ctx, @Rest String args) {
    memberCommands.ban(ctx, args);
  }

  @Command(value = "!unban", help = MemberCommands.UNBAN)
  void unban(CommandContext ctx, @Rest String args) {
    memberCommands.unban(ctx, args);
  }

  @Command(value = "!kick", help = MemberCommands.KICK)
  void kick(CommandContext ctx, @Rest String args) {
    memberCommands.kick(ctx, args);
  }

  @Command(value = "!mute", help = MemberCommands.MUTE)
  void mute(CommandContext ctx, @Rest String args) {
    memberCommands.mute(ctx, args);
  }

  @Command(value = "!unmute", help = MemberCommands.UNMUTE)
  void unmute(CommandContext ctx, @Rest String args) {
    memberCommands.unmute(ctx, args);
  }

  @Command(value = "!lists", help = "Ban lists: " + ListCommands.USAGE)
  void lists(CommandContext ctx, @Rest String args) {
    listCommands.run(ctx, args);
  }

  @Command(value = "!redact", help = OtherCommands.REDACT)
  void redact(CommandContext ctx, @Rest String args) {
    otherCommands.redact(ctx, args);
  }

  @Command(value = "!warn", help = OtherCommands.WARN)
  void warn(CommandContext ctx, @Rest String args) {
    otherCommands.warn(ctx, args);
  }

  @Command(value = "!report", help = "Act on a forwarded abuse report: " + ReportCommands.USAGE)
  void report(CommandContext ctx, @Rest String args) {
    reportCommands.run(ctx, args);
  }

  @Command(value = "!status", help = "The moderation bot's rooms, lists and powers")
  void status(CommandContext ctx, @Rest String args) {
    otherCommands.status(ctx, args);
  }

  @Command(value = "!audit", help = OtherCommands.AUDIT)
  void audit(CommandContext ctx, @Rest String args) {
    otherCommands.audit(ctx, args);
  }

  // ---- events ----

  @OnState({"m.policy.rule.user", "m.policy.rule.room", "m.policy.rule.server", "m.room.rule.user",
      "m.room.rule.room", "m.room.rule.server", "org.matrix.mjolnir.rule.user", "org.matrix.mjolnir.rule.room",
      "org.matrix.mjolnir.rule.server"})
  void onRule(StateEvent event) {
    lists.onRule(event.room(), event.type(), event.stateKey(), event.content(), event.eventId());
  }

  @OnRedaction
  void onRedaction(RedactionEvent redaction) {
    if (redaction.redacts() != null) {
      lists.onRedaction(redaction.room(), redaction.redacts());
    }
  }

  @OnState("m.space.child")
  void onSpaceChild(StateEvent event) {
    if (scopes.spaceChanged(event.room())) {
      lists.applyAll();
      acl.ifPresent(ServerAcl::requestUpdate);
    }
  }

  @OnMembership
  void onMembership(MembershipEvent event) {
    if (nativeBans.enabled()) {
      nativeBans.onMembership(event);
    }
  }

  @OnReaction
  void onReaction(ReactionEvent reaction) {
    if (reaction.room().equals(management.id())) {
      reports.ifPresent(r -> r.onReaction(reaction));
    }
  }

  @OnState("m.room.power_levels")
  void onPowerLevels(StateEvent event) {
    moderators.powerLevelsChanged(event.room(), event.content());
  }

  @OnMessage
  void onMessage(MessageEvent message, EventContext ctx) {
    hear(message, l -> l.onMessage(message, ctx));
  }

  @OnEdit
  void onEdit(EditEvent edit, EventContext ctx) {
    hear(edit, l -> l.onEdit(edit, ctx));
  }

  @OnEvent("m.sticker")
  void onSticker(TimelineEvent event, EventContext ctx) {
    if (event instanceof GenericEvent sticker) {
      hear(sticker, l -> l.onSticker(sticker, ctx));
    }
  }

  /** Hands {@code event} to each listener when it is in a protected room and its sender is not exempt there. */
  private void hear(TimelineEvent event, Consumer<ModerationListener> call) {
    if (listeners.isEmpty() || !rooms.contains(event.room()) || moderators.isExempt(event.room(), event.sender())) {
      return;
    }
    for (ModerationListener l : listeners) {
      try {
        call.accept(l);
      } catch (RuntimeException e) {
        failed(l, event.room(), e);
      }
    }
  }

  @OnJoin
  void onJoin(MembershipEvent join, EventContext ctx) {
    if (!rooms.contains(join.room())) {
      return;
    }
    rooms.sizeChanged(join.room(), 1);
    members.joined(join.room(), join.target());
    if (moderators.isExempt(join.room(), join.target())) {
      return;
    }
    lists.onJoin(join.room(), join.target());
    for (ModerationListener l : listeners) {
      try {
        l.onJoin(join, ctx);
      } catch (RuntimeException e) {
        failed(l, join.room(), e);
      }
    }
  }

  @OnLeave
  void onLeave(MembershipEvent leave) {
    if (rooms.contains(leave.room())) {
      rooms.sizeChanged(leave.room(), -1);
      members.left(leave.room(), leave.target());
    }
  }

  private void failed(ModerationListener l, RoomId room, RuntimeException e) {
    log.error("moderation: protection {} failed in {}", l.name(), room, e);
    management.notice("\u26A0\uFE0F Protection " + l.name() + " failed in " + room + ": "
        + (e instanceof MatrixException m ? ActionExecutor.describe(m) : e.toString()));
  }

  @Override
  public void close() {
    starter.interrupt();
    acl.ifPresent(ServerAcl::close);
    reports.ifPresent(AbuseReports::close);
    actions.close();
  }
}
