package dev.steward.bots.moderation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bots.moderation.Members;
import dev.steward.bots.moderation.actions.Action;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.actions.ActionRequest;
import dev.steward.bots.moderation.actions.ActionResult;
import dev.steward.bots.moderation.actions.RoomOutcome;
import dev.steward.bots.moderation.actions.Source;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.EventId;
import dev.steward.client.MatrixClient;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.model.RoomEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watched ban lists and what they do to the protected rooms. Rules are read from each list's room state at start
 * and kept current from the sync; every change compiles a new {@link PolicyMatcher}. A new rule bans the matching
 * members of the protected rooms where they are; a user who joins a protected room later is matched on joining. Each
 * ban made because of a rule is remembered (namespace {@value #BANS}: room and user → list and rule), so that when
 * the rule goes (empty content or a redaction) the bot lifts exactly those bans, unless another rule still matches.
 */
public final class PolicyLists {
  static final String BANS = "moderation.listbans";
  private static final Logger log = LoggerFactory.getLogger(PolicyLists.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MatrixClient client;
  private final KeyValueStore bans;
  private final ActionExecutor actions;
  private final ManagementRoom management;
  private final Members members;
  private final Set<RoomId> watched = ConcurrentHashMap.newKeySet();
  /** Per list room, its rules by slot (type and state key). */
  private final Map<RoomId, Map<String, Held>> rules = new ConcurrentHashMap<>();
  private volatile PolicyMatcher matcher = PolicyMatcher.empty();

  private record Held(PolicyRule rule, EventId event) {}

  /** Lists over these parts; nothing is read until {@link #load}. */
  public PolicyLists(MatrixClient client, KeyValueStore bans, ActionExecutor actions, ManagementRoom management,
                     Members members) {
    this.client = client;
    this.bans = bans;
    this.actions = actions;
    this.management = management;
    this.members = members;
  }

  /** Whether {@code room} is a watched list. */
  public boolean isWatched(RoomId room) {
    return watched.contains(room);
  }

  /** The watched lists with their rule counts. */
  public Map<RoomId, Integer> counts() {
    Map<RoomId, Integer> out = new LinkedHashMap<>();
    watched.forEach(r -> out.put(r, rules.getOrDefault(r, Map.of()).size()));
    return out;
  }

  /** The matcher in force. */
  public PolicyMatcher matcher() {
    return matcher;
  }

  /** Starts watching {@code list}: joins it, reads its rules from the room state, recompiles. */
  public synchronized void load(RoomId list) {
    if (!client.rooms().joined().contains(list)) {
      client.rooms().join(list);
    }
    Map<String, Held> held = new ConcurrentHashMap<>();
    for (RoomEvent e : client.settings().fullState(list)) {
      if (e.stateKey() != null) {
        PolicyRule.of(list, e.type(), e.stateKey(), e.content())
            .ifPresent(r -> held.put(r.slot(), new Held(r, e.eventId())));
      }
    }
    rules.put(list, held);
    watched.add(list);
    recompile();
  }

  /** Stops watching {@code list}; its bans stay. Returns false when it was not watched. */
  public synchronized boolean unwatch(RoomId list) {
    rules.remove(list);
    boolean was = watched.remove(list);
    recompile();
    return was;
  }

  /** Applies every rule to the current members of the protected rooms: one summary report when anyone was banned. */
  public void applyAll() {
    Map<UserId, PolicyMatcher.Hit> hits = matcher.matchAll(members.all());
    if (hits.isEmpty()) {
      return;
    }
    StringBuilder s = new StringBuilder("Ban lists: " + hits.size() + " member(s) of the protected rooms match "
        + "a rule:");
    hits.forEach((user, hit) -> s.append("\n- ").append(ban(user, hit.rule(), hit.rooms())));
    management.notice(s.toString());
  }

  /** A rule event arrived in the sync (added, changed, or removed by empty content). */
  public void onRule(RoomId list, String type, String stateKey, JsonNode content, EventId event) {
    if (!watched.contains(list) || PolicyRule.kindOf(type).isEmpty()) {
      return;
    }
    Optional<PolicyRule> now = PolicyRule.of(list, type, stateKey, content);
    Held before;
    synchronized (this) {
      Map<String, Held> held = rules.computeIfAbsent(list, k -> new ConcurrentHashMap<>());
      String slot = type + " " + stateKey;
      before = now.isPresent() ? held.put(slot, new Held(now.get(), event)) : held.remove(slot);
      recompile();
    }
    if (before != null && (now.isEmpty() || !before.rule().entity().equals(now.get().entity())
        || !now.get().isBan())) {
      lift(before.rule());
    }
    now.filter(PolicyRule::isBan).ifPresent(this::applyRule);
  }

  /** A redaction in a list room: a redacted rule event is a removed rule. */
  public void onRedaction(RoomId list, EventId redacted) {
    if (!watched.contains(list)) {
      return;
    }
    Held gone = null;
    synchronized (this) {
      Map<String, Held> held = rules.getOrDefault(list, Map.of());
      for (Map.Entry<String, Held> e : held.entrySet()) {
        if (redacted.equals(e.getValue().event())) {
          gone = held.remove(e.getKey());
          break;
        }
      }
      if (gone != null) {
        recompile();
      }
    }
    if (gone != null) {
      lift(gone.rule());
    }
  }

  /** A user joined a protected room: banned there at once when a rule matches. */
  public void onJoin(RoomId room, UserId user) {
    matcher.match(user).ifPresent(rule -> {
      String line = ban(user, rule, List.of(room));
      management.notice("Ban lists: " + user + " joined " + room + " and matches " + rule.entity() + ": " + line);
    });
  }

  /** The rule for {@code entity} in {@code list}, if it has one. */
  public Optional<PolicyRule> find(RoomId list, String entity) {
    return rules.getOrDefault(list, Map.of()).values().stream().map(Held::rule)
        .filter(r -> r.entity().equals(entity)).findFirst();
  }

  private void applyRule(PolicyRule rule) {
    PolicyMatcher only = new PolicyMatcher(List.of(rule), client.userId().server().value());
    Map<UserId, PolicyMatcher.Hit> hits = only.matchAll(members.all());
    if (hits.isEmpty()) {
      log.info("moderation: list rule {} in {} matches no member of the protected rooms", rule.entity(),
          rule.list());
      return;
    }
    StringBuilder s = new StringBuilder("Ban lists: new rule " + rule.entity() + " in " + rule.list()
        + " matches " + hits.size() + " member(s):");
    hits.forEach((user, hit) -> s.append("\n- ").append(ban(user, rule, hit.rooms())));
    management.notice(s.toString());
  }

  /** Bans {@code user} in {@code where} because of {@code rule}, remembering the rooms where it did. */
  private String ban(UserId user, PolicyRule rule, Collection<RoomId> where) {
    String reason = rule.reason().isEmpty() ? "ban list" : rule.reason();
    ActionResult r = actions.act(ActionRequest.of(Action.BAN, user, where, reason,
        Source.list(rule.list().value(), rule.entity())).withQuiet(true));
    for (RoomOutcome o : r.rooms()) {
      if (o.status() == RoomOutcome.Status.DONE) {
        bans.put(key(o.room(), user), JSON.createObjectNode().put("list", rule.list().value())
            .put("slot", rule.slot()).put("entity", rule.entity()).toString());
        members.left(o.room(), user);
      }
    }
    return r.line();
  }

  /** Lifts the bans {@code rule} caused, where no other rule still matches. */
  private void lift(PolicyRule rule) {
    Map<UserId, List<RoomId>> byUser = new LinkedHashMap<>();
    bans.all().forEach((k, v) -> {
      try {
        JsonNode n = JSON.readTree(v);
        if (n.path("list").asText().equals(rule.list().value()) && n.path("slot").asText().equals(rule.slot())) {
          int space = k.indexOf(' ');
          byUser.computeIfAbsent(UserId.of(k.substring(space + 1)), u -> new ArrayList<>())
              .add(RoomId.of(k.substring(0, space)));
        }
      } catch (java.io.IOException | IllegalArgumentException e) {
        log.warn("moderation: dropping an unreadable list-ban record {}", k);
        bans.delete(k);
      }
    });
    if (byUser.isEmpty()) {
      return;
    }
    StringBuilder s = new StringBuilder("Ban lists: rule " + rule.entity() + " in " + rule.list() + " was removed:");
    PolicyMatcher m = matcher;
    byUser.forEach((user, where) -> {
      Optional<PolicyRule> still = m.match(user);
      if (still.isPresent()) {
        where.forEach(room -> bans.put(key(room, user), JSON.createObjectNode()
            .put("list", still.get().list().value()).put("slot", still.get().slot())
            .put("entity", still.get().entity()).toString()));
        s.append("\n- ").append(user).append(" stays banned: rule ").append(still.get().entity()).append(" in ")
            .append(still.get().list()).append(" still matches");
        return;
      }
      ActionResult r = actions.act(ActionRequest.of(Action.UNBAN, user, where, "ban-list rule removed",
          Source.list(rule.list().value(), rule.entity() + " (removed)")).withQuiet(true));
      for (RoomOutcome o : r.rooms()) {
        if (o.status() != RoomOutcome.Status.FAILED) {
          bans.delete(key(o.room(), user));
        }
      }
      s.append("\n- ").append(r.line());
    });
    management.notice(s.toString());
  }

  private void recompile() {
    List<PolicyRule> all = new ArrayList<>();
    rules.values().forEach(m -> m.values().forEach(h -> all.add(h.rule())));
    PolicyMatcher next = new PolicyMatcher(all, client.userId().server().value());
    if (!next.ignored().isEmpty() && next.ignored().size() != matcher.ignored().size()) {
      management.notice("Ban lists: ignoring " + next.ignored().size() + " server rule(s) that match the bot's own "
          + "server: " + next.ignored().stream().map(r -> r.entity() + " in " + r.list()).toList());
    }
    matcher = next;
  }

  private static String key(RoomId room, UserId user) {
    return room.value() + " " + user.value();
  }

  /** For tests: the remembered list bans, room and user → rule. */
  Map<String, String> remembered() {
    return new HashMap<>(bans.all());
  }
}
