package dev.steward.bots.moderation.policy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.RoomId;
import java.util.Objects;
import java.util.Optional;

/**
 * One rule of a ban list: an {@code m.policy.rule.user}, {@code .room} or {@code .server} state event (or the older
 * {@code m.room.rule.*} and {@code org.matrix.mjolnir.rule.*} names) with its entity, recommendation and reason.
 *
 * @param list the list room
 * @param kind what the entity names
 * @param type the state event type as found
 * @param stateKey its state key
 * @param entity a literal or glob, e.g. {@code @*:spam.example}
 * @param recommendation e.g. {@code m.ban}
 * @param reason the reason, or empty
 */
public record PolicyRule(RoomId list, Kind kind, String type, String stateKey, String entity, String recommendation,
                         String reason) {
  /** What a rule's entity names. */
  public enum Kind { USER, ROOM, SERVER }

  /** Requires every part but the reason. */
  public PolicyRule {
    Objects.requireNonNull(list, "list");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(stateKey, "stateKey");
    Objects.requireNonNull(entity, "entity");
    Objects.requireNonNull(recommendation, "recommendation");
    reason = reason == null ? "" : reason;
  }

  /** The kind a state event type stands for, or empty when it is no policy rule. */
  public static Optional<Kind> kindOf(String type) {
    for (String prefix : new String[] {"m.policy.rule.", "m.room.rule.", "org.matrix.mjolnir.rule."}) {
      if (type.startsWith(prefix)) {
        return switch (type.substring(prefix.length())) {
          case "user" -> Optional.of(Kind.USER);
          case "room" -> Optional.of(Kind.ROOM);
          case "server" -> Optional.of(Kind.SERVER);
          default -> Optional.empty();
        };
      }
    }
    return Optional.empty();
  }

  /**
   * The rule a state event holds, or empty when it is no rule, or a removed one (empty content: the way lists
   * withdraw a rule, and what a redaction leaves).
   */
  public static Optional<PolicyRule> of(RoomId list, String type, String stateKey, JsonNode content) {
    Optional<Kind> kind = kindOf(type);
    if (kind.isEmpty() || content == null || !content.path("entity").isTextual()
        || !content.path("recommendation").isTextual() || content.get("entity").asText().isBlank()) {
      return Optional.empty();
    }
    return Optional.of(new PolicyRule(list, kind.get(), type, stateKey, content.get("entity").asText(),
        content.get("recommendation").asText(), content.path("reason").asText("")));
  }

  /** Whether the rule asks for a ban ({@code m.ban}, or Mjolnir's older {@code org.matrix.mjolnir.ban}). */
  public boolean isBan() {
    return recommendation.equals("m.ban") || recommendation.equals("org.matrix.mjolnir.ban");
  }

  /** The key that identifies the rule within its list: type and state key. */
  public String slot() {
    return type + " " + stateKey;
  }
}
