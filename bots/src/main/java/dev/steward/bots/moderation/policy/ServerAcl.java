package dev.steward.bots.moderation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.audit.AuditEntry;
import dev.steward.bots.moderation.audit.AuditLog;
import dev.steward.bots.moderation.audit.ManagementRoom;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code m.room.server_acl} in the protected rooms in step with the server ban rules of the watched lists
 * ({@code server_acl: true}): each rule's entity, literal or glob, becomes a {@code deny} entry where the rule's list
 * applies. {@code allow} stays as it is when it admits the bot's server (else {@code ["*"]}), and
 * {@code allow_ip_literals} as it is. Deny entries the bot did not add (a moderator's by hand) are kept: the bot
 * remembers its own per room (namespace {@value #NAMESPACE}) and changes only those. A rule that would deny the bot's
 * own server or a listed moderator's is left out, and the management room told once. Updates run on one thread of
 * their own, coalesced: a burst of rule changes rewrites each room at most once more.
 */
public final class ServerAcl implements AutoCloseable {
  static final String NAMESPACE = "moderation.acl";
  private static final Logger log = LoggerFactory.getLogger(ServerAcl.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MatrixClient client;
  private final PolicyLists lists;
  private final Supplier<List<RoomId>> rooms;
  private final Map<String, String> guarded;
  private final KeyValueStore store;
  private final ManagementRoom management;
  private final AuditLog audit;
  private final Set<String> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final AtomicBoolean pending = new AtomicBoolean();
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "moderation-acl");
    t.setDaemon(true);
    return t;
  });

  /**
   * @param rooms the protected rooms now
   * @param guarded servers that must never be denied, each with why (e.g. {@code example.org} → "the bot's own
   *     server")
   */
  public ServerAcl(MatrixClient client, PolicyLists lists, Supplier<List<RoomId>> rooms, Map<String, String> guarded,
                   KeyValueStore store, ManagementRoom management, AuditLog audit) {
    this.client = client;
    this.lists = lists;
    this.rooms = rooms;
    this.guarded = Map.copyOf(guarded);
    this.store = store;
    this.management = management;
    this.audit = audit;
  }

  /** Servers an ACL must never deny: the bot's own, and those of the moderators named in the config (and owners). */
  public static Map<String, String> guarded(UserId self, Collection<UserId> named) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    out.put(self.server().value(), "the bot's own server");
    named.forEach(u -> out.putIfAbsent(u.server().value(), "the server of moderator " + u + ","));
    return out;
  }

  /** Asks for every protected room to be brought up to date soon, on the ACL thread; returns at once. */
  public void requestUpdate() {
    if (pending.compareAndSet(false, true)) {
      worker.execute(() -> {
        pending.set(false);
        updateAll();
      });
    }
  }

  /** Brings every protected room up to date now; one notice for the rooms it changed or failed in. */
  public void updateAll() {
    List<String> lines = new ArrayList<>();
    for (RoomId room : rooms.get()) {
      try {
        String line = update(room);
        if (line != null) {
          lines.add(line);
        }
      } catch (RuntimeException e) {
        log.error("moderation: server ACL update of {} failed", room, e);
        lines.add(room + ": failed (" + e + ")");
      }
    }
    if (!lines.isEmpty()) {
      management.notice("Server ACL:\n- " + String.join("\n- ", lines));
    }
  }

  /** Brings {@code room} up to date; what changed (or why it could not), or null when nothing had to. */
  String update(RoomId room) {
    Set<String> wanted = wanted(room);
    Set<String> ours = ours(room);
    JsonNode current;
    try {
      current = client.rooms().state(room, "m.room.server_acl", "").orElse(null);
    } catch (MatrixException e) {
      return room + ": cannot read the server ACL (" + ActionExecutor.describe(e) + ")";
    }
    if (current == null && wanted.isEmpty()) {
      return null; // never ACL a room for nothing
    }
    ObjectNode next = content(current, ours, wanted, ownServer());
    if (current != null && next.equals(current)) {
      remember(room, wanted);
      return null;
    }
    try {
      client.rooms().sendState(room, "m.room.server_acl", "", next);
    } catch (MatrixException e) {
      audit(room, "failed", ActionExecutor.describe(e));
      return room + ": cannot set the server ACL (" + ActionExecutor.describe(e) + ")";
    }
    remember(room, wanted);
    Set<String> added = new TreeSet<>(wanted);
    added.removeAll(ours);
    Set<String> removed = new TreeSet<>(ours);
    removed.removeAll(wanted);
    String detail = (added.isEmpty() ? "" : "denied " + String.join(", ", added))
        + (!added.isEmpty() && !removed.isEmpty() ? "; " : "")
        + (removed.isEmpty() ? "" : "no longer denied " + String.join(", ", removed));
    detail = detail.isEmpty() ? "rewritten" : detail;
    audit(room, "done", detail);
    return room + ": " + detail;
  }

  /** The deny entries the rules ask for in {@code room}, less those that would shut out a guarded server. */
  Set<String> wanted(RoomId room) {
    Set<String> out = new TreeSet<>();
    List<String> left = new ArrayList<>();
    for (PolicyRule rule : lists.serverBans(room)) {
      String entry = Glob.normalise(rule.entity().strip());
      String why = guardedBy(entry);
      if (why != null) {
        if (reported.add(rule.list() + " " + entry)) {
          left.add(rule.entity() + " (rule in " + rule.list() + "): it would shut out " + why);
        }
        continue;
      }
      out.add(entry);
    }
    if (!left.isEmpty()) {
      management.notice("Server ACL: leaving out " + String.join("; ", left) + ".");
    }
    return out;
  }

  /** Why {@code entry} must not be denied (the guarded server it matches), or null. */
  private String guardedBy(String entry) {
    Glob glob = Glob.of(entry);
    for (Map.Entry<String, String> g : guarded.entrySet()) {
      if (glob.matches(g.getKey()) || glob.matches(host(g.getKey()))) {
        return g.getValue() + " " + g.getKey();
      }
    }
    return null;
  }

  /**
   * The ACL to write: the current {@code deny} less the bot's earlier entries {@code ours}, plus {@code wanted};
   * {@code allow} kept when it admits {@code own} server, else {@code ["*"]}; {@code allow_ip_literals} kept (true
   * when new, as the spec defaults it).
   */
  static ObjectNode content(JsonNode current, Collection<String> ours, Collection<String> wanted, String own) {
    Set<String> deny = new LinkedHashSet<>();
    if (current != null) {
      current.path("deny").forEach(d -> {
        if (d.isTextual() && !ours.contains(d.asText())) {
          deny.add(d.asText());
        }
      });
    }
    deny.addAll(new TreeSet<>(wanted));
    ObjectNode out = JSON.createObjectNode();
    ArrayNode allow = out.putArray("allow");
    List<String> kept = new ArrayList<>();
    if (current != null) {
      current.path("allow").forEach(a -> {
        if (a.isTextual()) {
          kept.add(a.asText());
        }
      });
    }
    if (kept.stream().anyMatch(a -> Glob.of(a).matches(host(own)))) {
      kept.forEach(allow::add);
    } else {
      allow.add("*");
    }
    ArrayNode denied = out.putArray("deny");
    deny.forEach(denied::add);
    out.put("allow_ip_literals", current == null || current.path("allow_ip_literals").asBoolean(true));
    return out;
  }

  private Set<String> ours(RoomId room) {
    Set<String> out = new TreeSet<>();
    store.get(room.value()).ifPresent(v -> {
      try {
        JSON.readTree(v).forEach(n -> out.add(n.asText()));
      } catch (IOException e) {
        log.warn("moderation: dropping the unreadable server ACL record of {}", room);
      }
    });
    return out;
  }

  private void remember(RoomId room, Set<String> entries) {
    ArrayNode a = JSON.createArrayNode();
    entries.forEach(a::add);
    store.put(room.value(), a.toString());
  }

  private void audit(RoomId room, String outcome, String detail) {
    audit.record(new AuditEntry(UUID.randomUUID().toString(), Clock.systemUTC().instant(), "bot:server_acl",
        "server acl", room.value(), room.value(), "ban-list server rules", outcome, detail));
  }

  private String ownServer() {
    return client.userId().server().value();
  }

  /** A server name without its port. */
  static String host(String server) {
    int colon = server.lastIndexOf(':');
    return colon > 0 && server.indexOf(']') < colon ? server.substring(0, colon) : server;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
