package dev.steward.bots.moderation.reports;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Reported events quoted safely: one line, cut short, no invisible characters, no live links. */
class ExcerptsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void textIsOneLineWithoutInvisibleCharactersAndLinksDefanged() {
    assertThat(Excerpts.safe("free\u202E nitro\n\nat HTTPS://x.example/a and ftp://y", 100))
        .isEqualTo("free nitro at HTTPS[:]//x.example/a and ftp[:]//y");
  }

  @Test
  void longTextIsCutByCodePointsWithAnEllipsis() {
    assertThat(Excerpts.safe("\uD83D\uDE00".repeat(5), 3)).isEqualTo("\uD83D\uDE00".repeat(3) + "\u2026");
  }

  @Test
  void aMessageShowsItsBodyAndOtherEventsTheirKind() throws Exception {
    assertThat(Excerpts.of(JSON.readTree("{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.text\","
        + "\"body\":\"hi\"}}"), 50)).isEqualTo("\u201Chi\u201D");
    assertThat(Excerpts.of(JSON.readTree("{\"type\":\"m.room.message\",\"content\":{\"msgtype\":\"m.image\","
        + "\"body\":\"cat.png\"}}"), 50)).isEqualTo("(m.image: cat.png)");
    assertThat(Excerpts.of(JSON.readTree("{\"type\":\"m.room.message\",\"content\":{}}"), 50))
        .isEqualTo("(m.room.message, already redacted)");
    assertThat(Excerpts.of(null, 50)).isEqualTo("(the homeserver did not return the event)");
  }
}
