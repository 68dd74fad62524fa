package dev.steward.bots.moderation.protection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.MessageEvent;
import dev.steward.bot.event.TimelineEvent;
import dev.steward.client.EventId;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The word list: a message whose body, or the text of its formatted body, holds one of the patterns. Edits are
 * checked too (a harmless message edited into a bad one): then both the edit and the original are redacted. The
 * report quotes at most {@value #EXCERPT_CHARS} characters around the match, never the whole message.
 */
final class WordListDetector implements Detector {
  static final String KEY = "words";
  static final int EXCERPT_CHARS = 60;

  private static final Logger log = LoggerFactory.getLogger(WordListDetector.class);

  private final ProtectionSettings.Words settings;
  private final WordList words;

  WordListDetector(ProtectionSettings.Words settings) {
    this.settings = settings;
    this.words = settings.compiled();
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public Optional<Verdict> check(TimelineEvent event) {
    String body;
    String html;
    List<EventId> events;
    if (event instanceof MessageEvent m) {
      body = m.body();
      html = m.formattedBody();
      events = List.of(m.eventId());
    } else if (event instanceof EditEvent e) {
      body = e.newBody();
      JsonNode formatted = e.source() == null ? null
          : e.source().content().path("m.new_content").get("formatted_body");
      html = formatted != null && formatted.isTextual() ? formatted.asText() : null;
      events = List.of(e.original(), e.eventId());
    } else {
      return Optional.empty();
    }
    try {
      Optional<WordList.Match> match = find(body);
      if (match.isEmpty() && html != null) {
        match = find(Texts.htmlText(html));
      }
      return match.map(hit -> new Verdict.Offence(KEY, event.room(), event.sender(), events, settings.action(),
          "patterns[" + hit.index() + "] /" + hit.pattern() + "/ matched \"" + hit.excerpt() + "\""));
    } catch (WordList.TooComplex e) {
      // Not a hit: a message is never punished because a moderator's pattern is slow. The log says which.
      log.warn("protections: word list gave up on {} in {} ({}); a pattern may backtrack catastrophically: {}",
          event.eventId(), event.room(), e.getMessage(), words.patterns());
      return Optional.empty();
    }
  }

  private Optional<WordList.Match> find(String text) {
    return text == null || text.isEmpty() ? Optional.empty() : words.find(text, EXCERPT_CHARS);
  }
}
