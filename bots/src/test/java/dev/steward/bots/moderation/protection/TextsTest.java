package dev.steward.bots.moderation.protection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the protections read text and write their reports. */
class TextsTest {
  @Test
  void normalizeFoldsCompatibilityFormsAndDropsInvisibleFormatCharacters() {
    assertThat(Texts.normalize("\uFF26\uFF32\uFF25\uFF25 \u2460 \uFB01ne")).isEqualTo("FREE 1 fine");
    assertThat(Texts.normalize("sp\u200Ba\u200Dm\u200E")).isEqualTo("spam");
    assertThat(Texts.normalize("plain")).isEqualTo("plain");
  }

  @Test
  void htmlTextJoinsInlineTagsAndBreaksAtBlockTags() {
    assertThat(Texts.htmlText("<p>one<br/>t<i>w</i>o</p><ul><li>three</li></ul>")).isEqualTo("\none\ntwo\n\nthree\n");
  }

  @Test
  void anExcerptCentresTheMatchAndMarksWhatIsCut() {
    String text = "a".repeat(100) + "MATCH" + "b".repeat(100);

    assertThat(Texts.excerpt(text, 100, 105, 25)).isEqualTo("\u2026" + "a".repeat(10) + "MATCH" + "b".repeat(10)
        + "\u2026");
    assertThat(Texts.excerpt("MATCH at the start", 0, 5, 60)).isEqualTo("MATCH at the start");
    assertThat(Texts.excerpt("x".repeat(200), 0, 200, 30)).isEqualTo("x".repeat(30) + "\u2026");
    assertThat(Texts.excerpt("one\n\n two", 0, 3, 60)).isEqualTo("one two");
    assertThat(Texts.excerpt("hey @room buy", 10, 13, 60)).isEqualTo("hey @\u2060room buy");
  }

  @Test
  void durationsAreWrittenAsTheConfigWritesThem() {
    assertThat(Texts.duration(Duration.ofSeconds(10))).isEqualTo("10s");
    assertThat(Texts.duration(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Texts.duration(Duration.ofHours(26))).isEqualTo("1d2h");
    assertThat(Texts.duration(Duration.ofMillis(500))).isEqualTo("500ms");
  }

  @Test
  void aBurstSaysHowManyInHowLongAndTheLimit() {
    Instant t = Instant.parse("2026-12-05T10:00:00Z");

    assertThat(Texts.burst(11, "messages", t, t.plusMillis(4200), 10, Duration.ofSeconds(10)))
        .isEqualTo("11 messages in 4s (more than 10 in 10s)");
    assertThat(Texts.burst(4, "joins", t, t.plusMillis(300), 3, Duration.ofMinutes(1)))
        .isEqualTo("4 joins in under a second (more than 3 in 1m)");
  }
}
