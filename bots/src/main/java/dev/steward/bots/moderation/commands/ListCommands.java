package dev.steward.bots.moderation.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.store.KeyValueStore;
import dev.steward.bots.moderation.RoomRefs;
import dev.steward.bots.moderation.actions.ActionExecutor;
import dev.steward.bots.moderation.policy.PolicyLists;
import dev.steward.bots.moderation.policy.PolicyRule;
import dev.steward.client.MatrixClient;
import dev.steward.client.MatrixException;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code !lists}, {@code !lists watch <room>}, {@code !lists unwatch <room>}, and publishing to our own lists
 * ({@code !ban <entity> --list <code>}, {@code !unban <entity> --list <code>}). Watched rooms added or removed here are
 * kept in the store (namespace {@value #NAMESPACE}) and outrank {@code policy_lists}.
 */
public final class ListCommands implements MemberCommands.ListPublishing {
  /** The usage line. */
  public static final String USAGE = "!lists [list | watch <room> | unwatch <room>]";
  static final String NAMESPACE = "moderation.lists";
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final MatrixClient client;
  private final Gate gate;
  private final PolicyLists lists;
  private final KeyValueStore store;
  private final Map<String, String> publish;

  /** The commands over {@code lists}; {@code publish} maps short codes to list rooms (ids or aliases). */
  public ListCommands(MatrixClient client, Gate gate, PolicyLists lists, KeyValueStore store,
                      Map<String, String> publish) {
    this.client = client;
    this.gate = gate;
    this.lists = lists;
    this.store = store;
    this.publish = new TreeMap<>(publish);
  }

  /**
   * The lists to watch at start: {@code configured} and the publish lists, plus those watched with a command,
   * minus those unwatched with one.
   */
  public Set<String> toWatch(Iterable<String> configured) {
    Map<String, String> changes = store.all();
    Set<String> out = new java.util.LinkedHashSet<>();
    configured.forEach(out::add);
    out.addAll(publish.values());
    out.removeIf(ref -> "unwatched".equals(changes.get(ref)));
    changes.forEach((room, state) -> {
      if ("watched".equals(state)) {
        out.add(room);
      }
    });
    return out;
  }

  /** Runs {@code !lists}. */
  public void run(CommandContext ctx, String text) {
    Replies.run(ctx, USAGE, gate, scope -> {
      Args args = Args.parse(text, Set.of(), Set.of());
      String verb = args.optional().orElse("list");
      if (verb.equals("list")) {
        args.end();
        Map<RoomId, Integer> counts = lists.counts();
        StringBuilder s = new StringBuilder(counts.isEmpty() ? "No ban lists are watched."
            : "Watched ban lists (" + lists.matcher().size() + " ban rules in force):");
        counts.forEach((room, n) -> s.append("\n- ").append(room).append(": ").append(n).append(" rule(s), ")
            .append(lists.scope(room).map(in -> "applies in " + String.join(", ",
                in.stream().map(RoomId::value).sorted().toList())).orElse("applies in every protected room")));
        publish.forEach((code, room) -> s.append("\n- publishing as '").append(code).append("' to ").append(room));
        ctx.reply(s.toString());
        return;
      }
      if (!verb.equals("watch") && !verb.equals("unwatch")) {
        throw new Usage("unknown subcommand '" + verb + "'");
      }
      if (!scope.all()) {
        ctx.reply("Refused: only moderators of every protected room may change the watched lists.");
        return;
      }
      RoomId room = gate.room(args.required("room"));
      args.end();
      if (verb.equals("watch")) {
        try {
          lists.load(room);
        } catch (MatrixException e) {
          ctx.reply("Cannot watch " + room + ": " + ActionExecutor.describe(e));
          return;
        }
        store.put(room.value(), "watched");
        // applied before the answer, so a rule added after it is applied once, by itself (not again by applyAll)
        lists.applyAll();
        ctx.reply("Watching " + room + ": " + lists.counts().getOrDefault(room, 0) + " rule(s).");
      } else {
        store.put(room.value(), "unwatched");
        ctx.reply(lists.unwatch(room) ? "No longer watching " + room + "; the bans it caused stay."
            : room + " was not watched.");
      }
    });
  }

  @Override
  public String publish(String code, String entity, String reason, UserId by) {
    RoomId list = listRoom(code);
    String type = "m.policy.rule." + kind(entity).name().toLowerCase(java.util.Locale.ROOT);
    ObjectNode content = JSON.createObjectNode().put("entity", entity).put("recommendation", "m.ban");
    content.put("reason", reason.isEmpty() ? "banned by " + by : reason);
    try {
      client.rooms().sendState(list, type, "rule:" + entity, content);
    } catch (MatrixException e) {
      return "Could not add " + entity + " to list '" + code + "' (" + list + "): " + ActionExecutor.describe(e);
    }
    return "Added " + entity + " to ban list '" + code + "'" + (lists.isWatched(list)
        ? "; the protected rooms follow it." : ".");
  }

  @Override
  public String withdraw(String code, String entity, UserId by) {
    RoomId list = listRoom(code);
    Optional<PolicyRule> rule = lists.find(list, entity);
    String type = rule.map(PolicyRule::type)
        .orElse("m.policy.rule." + kind(entity).name().toLowerCase(java.util.Locale.ROOT));
    String key = rule.map(PolicyRule::stateKey).orElse("rule:" + entity);
    if (rule.isEmpty() && client.rooms().state(list, type, key).filter(c -> c.size() > 0).isEmpty()) {
      return "Ban list '" + code + "' has no rule for " + entity + ".";
    }
    try {
      client.rooms().sendState(list, type, key, JSON.createObjectNode());
    } catch (MatrixException e) {
      return "Could not remove " + entity + " from list '" + code + "': " + ActionExecutor.describe(e);
    }
    return "Removed " + entity + " from ban list '" + code + "'.";
  }

  private RoomId listRoom(String code) {
    String ref = publish.get(code);
    if (ref == null) {
      throw new Usage("no ban list with short code '" + code + "'"
          + (publish.isEmpty() ? " (publish_lists is empty)" : "; known: " + String.join(", ", publish.keySet())));
    }
    try {
      return RoomRefs.resolve(client, ref);
    } catch (MatrixException e) {
      throw new Usage("cannot find list room " + ref + " (" + e.errcode() + ")");
    }
  }

  private static PolicyRule.Kind kind(String entity) {
    if (entity.startsWith("@")) {
      if (entity.indexOf(':') < 0) {
        throw new Usage("a user entity looks like @name:server or @*:server, not " + entity);
      }
      return PolicyRule.Kind.USER;
    }
    if (entity.startsWith("!") || entity.startsWith("#")) {
      return PolicyRule.Kind.ROOM;
    }
    if (entity.isBlank() || entity.contains(" ") || entity.contains("/")) {
      throw new Usage("not a user, room or server: " + entity);
    }
    return PolicyRule.Kind.SERVER;
  }
}
