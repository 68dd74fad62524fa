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
import java.util.HashSet;
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
 * A list may be limited to some protected rooms ({@code list_scopes}): its rules then ban, and are matched, only there.
 * Lists that apply everywhere share one matcher; each limited list has its own, so matching stays a few look-ups.
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
  /** Lists limited to some protected rooms; a list not here applies in every protected room. */
  private final Map<RoomId, Set<RoomId>> scopes = new ConcurrentHashMap<>();
  private volatile PolicyMatcher matcher = PolicyMatcher.empty();
  private volatile PolicyMatcher everywhere = PolicyMatcher.empty();
  private volatile Map<RoomId, PolicyMatcher> limited = Map.of();
  /**
   * Held while rules are matched against members and bans made: a rule applied on its list's lane and the same rule
   * applied by {@link #applyAll} on another lane would otherwise both ban (and report) the same members.
   */
  private final Object applying = new Object();
  private volatile Runnable onServerRules = () -> {};
  private volatile Set<String> serverEntities = Set.of();

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

  /** Limits {@code list} to the protected rooms {@code rooms} (call before {@link #load}). */
  public synchronized void limit(RoomId list, Set<RoomId> rooms) {
    scopes.put(list, Set.copyOf(rooms));
    recompile();
    onServerRules.run();
  }

  /** The rooms {@code list} is limited to, or empty when it applies in every protected room. */
  public Optional<Set<RoomId>> scope(RoomId list) {
    return Optional.ofNullable(scopes.get(list));
  }

  /** The first ban rule matching {@code user} among the lists that apply in {@code room}. */
  public Optional<PolicyRule> match(UserId user, RoomId room) {
    Optional<PolicyRule> rule = everywhere.match(user);
    if (rule.isPresent()) {
      return rule;
    }
    for (Map.Entry<RoomId, PolicyMatcher> e : limited.entrySet()) {
      if (scopes.getOrDefault(e.getKey(), Set.of()).contains(room)) {
        rule = e.getValue().match(user);
        if (rule.isPresent()) {
          return rule;
        }
      }
    }
    return Optional.empty();
  }

  /** The matcher of every rule in force (sizes and ignored rules; match by room with {@link #match}). */
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
    synchronized (applying) {
      applyAllNow();
    }
  }

  private void applyAllNow() {
    Map<RoomId, Set<UserId>> all = members.all();
    List<Map.Entry<UserId, PolicyMatcher.Hit>> hits = new ArrayList<>(everywhere.matchAll(all).entrySet());
    Map<UserId, Set<RoomId>> covered = new LinkedHashMap<>();
    hits.forEach(h -> covered.computeIfAbsent(h.getKey(), u -> new HashSet<>()).addAll(h.getValue().rooms()));
    limited.forEach((list, m) -> m.matchAll(within(all, list)).forEach((user, hit) -> {
      Set<RoomId> done = covered.computeIfAbsent(user, u -> new HashSet<>());
      hit.rooms().removeIf(done::contains); // an earlier rule bans there already
      if (!hit.rooms().isEmpty()) {
        done.addAll(hit.rooms());
        hits.add(Map.entry(user, hit));
      }
    }));
    if (hits.isEmpty()) {
      return;
    }
    StringBuilder s = new StringBuilder("Ban lists: " + covered.size() + " member(s) of the protected rooms match "
        + "a rule:");
    hits.forEach(h -> s.append("\n- ").append(ban(h.getKey(), h.getValue().rule(), h.getValue().rooms())));
    management.notice(s.toString());
  }

  /** The members of the rooms {@code list} applies in. */
  private Map<RoomId, Set<UserId>> within(Map<RoomId, Set<UserId>> all, RoomId list) {
    Set<RoomId> scope = scopes.get(list);
    if (scope == null) {
      return all;
    }
    Map<RoomId, Set<UserId>> out = new HashMap<>(all);
    out.keySet().retainAll(scope);
    return out;
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
    synchronized (applying) {
      match(user, room).ifPresent(rule -> {
        String line = ban(user, rule, List.of(room));
        management.notice("Ban lists: " + user + " joined " + room + " and matches " + rule.entity() + ": " + line);
      });
    }
  }

  /** The rule for {@code entity} in {@code list}, if it has one. */
  public Optional<PolicyRule> find(RoomId list, String entity) {
    return rules.getOrDefault(list, Map.of()).values().stream().map(Held::rule)
        .filter(r -> r.entity().equals(entity)).findFirst();
  }

  private void applyRule(PolicyRule rule) {
    synchronized (applying) {
      applyRuleNow(rule);
    }
  }

  private void applyRuleNow(PolicyRule rule) {
    PolicyMatcher only = new PolicyMatcher(List.of(rule), client.userId().server().value());
    Map<UserId, PolicyMatcher.Hit> hits = only.matchAll(within(members.all(), rule.list()));
    if (hits.isEmpty()) {
      log.info("moderation: list rule {} in {} matches no member of the rooms it applies in", rule.entity(),
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
    synchronized (applying) {
      liftNow(rule);
    }
  }

  private void liftNow(PolicyRule rule) {
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
    byUser.forEach((user, where) -> {
      List<RoomId> unban = new ArrayList<>();
      for (RoomId room : where) {
        Optional<PolicyRule> still = match(user, room);
        if (still.isPresent()) {
          bans.put(key(room, user), JSON.createObjectNode().put("list", still.get().list().value())
              .put("slot", still.get().slot()).put("entity", still.get().entity()).toString());
          s.append("\n- ").append(user).append(" stays banned in ").append(room).append(": rule ")
              .append(still.get().entity()).append(" in ").append(still.get().list()).append(" still matches");
        } else {
          unban.add(room);
        }
      }
      if (unban.isEmpty()) {
        return;
      }
      ActionResult r = actions.act(ActionRequest.of(Action.UNBAN, user, unban, "ban-list rule removed",
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
    String own = client.userId().server().value();
    PolicyMatcher next = new PolicyMatcher(all, own);
    List<PolicyRule> open = new ArrayList<>();
    Map<RoomId, PolicyMatcher> byList = new LinkedHashMap<>();
    rules.forEach((list, held) -> {
      List<PolicyRule> these = held.values().stream().map(Held::rule).toList();
      if (scopes.containsKey(list)) {
        byList.put(list, new PolicyMatcher(these, own));
      } else {
        open.addAll(these);
      }
    });
    everywhere = new PolicyMatcher(open, own);
    limited = Map.copyOf(byList);
    if (!next.ignored().isEmpty() && next.ignored().size() != matcher.ignored().size()) {
      management.notice("Ban lists: ignoring " + next.ignored().size() + " server rule(s) that match the bot's own "
          + "server: " + next.ignored().stream().map(r -> r.entity() + " in " + r.list()).toList());
    }
    matcher = next;
    Set<String> servers = new HashSet<>();
    rules.forEach((list, held) -> held.values().forEach(h -> {
      if (h.rule().kind() == PolicyRule.Kind.SERVER && h.rule().isBan()) {
        servers.add(list.value() + " " + h.rule().entity());
      }
    }));
    if (!servers.equals(serverEntities)) {
      serverEntities = Set.copyOf(servers);
      onServerRules.run();
    }
  }

  /** Calls {@code r} (quickly: it runs under the rules' lock) whenever the server ban rules in force change. */
  public void onServerRulesChanged(Runnable r) {
    this.onServerRules = r;
  }

  /**
   * The server ban rules that apply in {@code room} (from every list, or from lists limited to rooms including it),
   * including those matching the bot's own server: the caller decides what it must not touch.
   */
  public List<PolicyRule> serverBans(RoomId room) {
    List<PolicyRule> out = new ArrayList<>();
    rules.forEach((list, held) -> {
      Set<RoomId> scope = scopes.get(list);
      if (scope != null && !scope.contains(room)) {
        return;
      }
      held.values().forEach(h -> {
        if (h.rule().kind() == PolicyRule.Kind.SERVER && h.rule().isBan()) {
          out.add(h.rule());
        }
      });
    });
    return out;
  }

  private static String key(RoomId room, UserId user) {
    return room.value() + " " + user.value();
  }

  /** For tests: the remembered list bans, room and user → rule. */
  Map<String, String> remembered() {
    return new HashMap<>(bans.all());
  }
}
