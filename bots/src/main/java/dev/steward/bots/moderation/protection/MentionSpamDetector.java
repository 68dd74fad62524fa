package dev.steward.bots.moderation.protection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mention spam: one message that mentions more than {@code max_mentions} distinct users, or {@code @room}. A user
 * counts as mentioned when listed in {@code m.mentions.user_ids}, linked by a pill in the formatted body, or named in
 * the body by user id or by display name (whole words, names of at least {@value #MIN_NAME} characters, so "Al" in
 * "Alright" or a one-letter name never counts). The sender mentioning themselves does not count. An edit is judged by
 * its new text (and the mentions in its {@code m.new_content}); a hit redacts the original and the edit.
 */
final class MentionSpamDetector implements Detector {
  static final String KEY = "mentions";
  static final int MIN_NAME = 3;

  private static final Pattern PILL = Pattern.compile(
      "(?i)href\\s*=\\s*[\"']https://matrix\\.to/#/((?:@|%40)[^\"'?/]+)");
  private static final Pattern USER_ID = Pattern.compile("(?<![\\w@])@[a-z0-9._=\\-/+]+:[A-Za-z0-9.\\-]+(?::[0-9]+)?");
  private static final Pattern ROOM_MENTION = Pattern.compile("(?<![\\w@])@room\\b");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}_]+");

  private final ProtectionSettings.Mentions settings;
  private final Function<RoomId, Map<UserId, String>> members;
  /** Per room: the member map it was built from (by identity) and the index of its display names. */
  private final Map<RoomId, Names> names = new ConcurrentHashMap<>();

  /**
   * @param members a room's joined members and their display names; the detector rebuilds its name index only when
   *     this returns a different map instance, so the caller should cache
   */
  MentionSpamDetector(ProtectionSettings.Mentions settings, Function<RoomId, Map<UserId, String>> members) {
    this.settings = settings;
    this.members = members;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public Optional<Verdict> check(TimelineEvent event) {
    Said m;
    if (event instanceof MessageEvent message) {
      JsonNode content = message.source() == null ? null : message.source().content();
      m = new Said(message.room(), message.sender(), message.body(), message.formattedBody(),
          content == null ? null : content.path("m.mentions"), List.of(message.eventId()));
    } else if (event instanceof EditEvent edit) {
      // the edited text as readers now see it: m.new_content holds its formatted body and its mentions
      JsonNode now = edit.source() == null ? null : edit.source().content().path("m.new_content");
      JsonNode html = now == null ? null : now.get("formatted_body");
      m = new Said(edit.room(), edit.sender(), edit.newBody(), html != null && html.isTextual() ? html.asText() : null,
          now == null ? null : now.path("m.mentions"), List.of(edit.original(), edit.eventId()));
    } else {
      return Optional.empty();
    }
    JsonNode intentional = m.mentions();
    String body = m.body() == null ? "" : Texts.normalize(m.body());
    if (settings.roomMention() && (intentional != null && intentional.path("room").asBoolean(false)
        || ROOM_MENTION.matcher(body).find())) {
      return Optional.of(offence(m, "@room from a non-moderator"));
    }
    Set<UserId> mentioned = new LinkedHashSet<>();
    if (intentional != null) {
      for (JsonNode id : intentional.path("user_ids")) {
        userId(id.asText()).ifPresent(mentioned::add);
      }
    }
    if (m.formattedBody() != null) {
      Matcher pill = PILL.matcher(m.formattedBody());
      while (pill.find()) {
        userId(URLDecoder.decode(pill.group(1), StandardCharsets.UTF_8)).ifPresent(mentioned::add);
      }
    }
    Matcher id = USER_ID.matcher(body);
    while (id.find()) {
      userId(id.group()).ifPresent(mentioned::add);
    }
    if (mentioned.size() <= settings.maxMentions()) {
      // Names are looked up only when the ids alone are not enough: it is the dearer part.
      mentioned.addAll(index(m.room()).find(body));
    }
    mentioned.remove(m.sender());
    if (mentioned.size() <= settings.maxMentions()) {
      return Optional.empty();
    }
    return Optional.of(offence(m, mentioned.size() + " users mentioned in one message (more than "
        + settings.maxMentions() + ")"));
  }

  private Verdict offence(Said m, String trigger) {
    return new Verdict.Offence(KEY, m.room(), m.sender(), m.events(), settings.action(), trigger);
  }

  /** A message or an edit's new text, with the events a hit redacts (an edit: the original and the edit). */
  private record Said(RoomId room, UserId sender, String body, String formattedBody, JsonNode mentions,
                      List<EventId> events) {}

  private Names index(RoomId room) {
    Map<UserId, String> current = members.apply(room);
    Names known = names.get(room);
    if (known != null && known.source == current) {
      return known;
    }
    Names built = new Names(current);
    names.put(room, built);
    return built;
  }

  private static Optional<UserId> userId(String text) {
    try {
      return Optional.of(UserId.of(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Display names indexed by their first word, so a body is matched in one pass over its words. */
  private static final class Names {
    private record Name(String text, UserId user) {}

    final Map<UserId, String> source;
    private final Map<String, List<Name>> byFirstWord = new HashMap<>();

    Names(Map<UserId, String> source) {
      this.source = source;
      source.forEach((user, display) -> {
        if (display == null) {
          return;
        }
        String name = Texts.normalize(display).strip().toLowerCase(Locale.ROOT);
        Matcher first = WORD.matcher(name);
        // A name must start with a word character, or a word boundary could never begin it.
        if (name.length() >= MIN_NAME && first.lookingAt()) {
          byFirstWord.computeIfAbsent(first.group(), k -> new ArrayList<>()).add(new Name(name, user));
        }
      });
    }

    Set<UserId> find(String body) {
      Set<UserId> found = new LinkedHashSet<>();
      if (byFirstWord.isEmpty()) {
        return found;
      }
      String text = body.toLowerCase(Locale.ROOT);
      Matcher word = WORD.matcher(text);
      while (word.find()) {
        for (Name n : byFirstWord.getOrDefault(word.group(), List.of())) {
          int end = word.start() + n.text().length();
          if (text.startsWith(n.text(), word.start())
              && (end == text.length() || !Character.isLetterOrDigit(text.codePointAt(end)))) {
            found.add(n.user());
          }
        }
      }
      return found;
    }
  }
}
