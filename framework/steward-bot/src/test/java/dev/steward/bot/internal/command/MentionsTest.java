package dev.steward.bot.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.steward.bot.internal.command.Mentions.Pill;
import dev.steward.client.UserId;
import org.junit.jupiter.api.Test;

class MentionsTest {
  @Test
  void extractsUserPillsInOrderWithTheirText() {
    String html = "<a href=\"https://matrix.to/#/@bob:example.org\">Bob</a> and "
        + "<a href='https://matrix.to/#/@carol:example.org'>Carol Smith</a>: hi";

    assertThat(Mentions.pillTargets(html)).containsExactly(
        new Pill(UserId.of("@bob:example.org"), "Bob"),
        new Pill(UserId.of("@carol:example.org"), "Carol Smith"));
  }

  @Test
  void urlDecodesTheTargetAndKeepsPlus() {
    String html = "<a href=\"https://matrix.to/#/%40dave%2Bbot%3Aexample.org?via=example.org\">Dave</a>";

    assertThat(Mentions.pillTargets(html)).extracting(Pill::userId)
        .containsExactly(UserId.of("@dave+bot:example.org"));
  }

  @Test
  void ignoresRoomEventAndOtherLinks() {
    String html = "<a href=\"https://matrix.to/#/#lobby:example.org\">#lobby</a>"
        + "<a href=\"https://matrix.to/#/!room:example.org/$event\">msg</a>"
        + "<a href=\"https://example.com/#/@bob:example.org\">fake</a>"
        + "<abbr title=\"x\">y</abbr>";

    assertThat(Mentions.pillTargets(html)).isEmpty();
  }

  @Test
  void ignoresLinksToInvalidUserIds() {
    String html = "<a href=\"https://matrix.to/#/@%D0%B0dmin:example.org\">admin</a>"
        + "<a href=\"https://matrix.to/#/@nocolon\">x</a>";

    assertThat(Mentions.pillTargets(html)).isEmpty();
  }

  @Test
  void decodesEntitiesAndStripsTagsInLinkText() {
    String html = "<A HREF=\"https://matrix.to/#/@tom:example.org\"><b>Tom &amp; Jerry</b>&#33;</A>";

    assertThat(Mentions.pillTargets(html)).containsExactly(new Pill(UserId.of("@tom:example.org"), "Tom & Jerry!"));
  }

  @Test
  void nullOrPlainBodyHasNoPills() {
    assertThat(Mentions.pillTargets(null)).isEmpty();
    assertThat(Mentions.pillTargets("just text")).isEmpty();
  }

  @Test
  void survivesHundredKilobytesOfUnclosedTags() {
    String html = "<a href=\"https://matrix.to/#/@bob:x\">".repeat(3_000) + "<a ".repeat(30_000);

    assertThatCode(() -> Mentions.pillTargets(html)).doesNotThrowAnyException();
    assertThat(Mentions.pillTargets(html)).isEmpty();
  }
}
