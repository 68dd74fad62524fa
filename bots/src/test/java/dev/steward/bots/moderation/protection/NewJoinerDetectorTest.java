package dev.steward.bots.moderation.protection;

import static dev.steward.bots.moderation.protection.TestEvents.ALICE;
import static dev.steward.bots.moderation.protection.TestEvents.BOB;
import static dev.steward.bots.moderation.protection.TestEvents.JSON;
import static dev.steward.bots.moderation.protection.TestEvents.OTHER_ROOM;
import static dev.steward.bots.moderation.protection.TestEvents.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.event.EditEvent;
import dev.steward.bot.event.MessageEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Newcomers' first message holding a link or media, within T of joining. */
class NewJoinerDetectorTest {
  private final TestEvents events = new TestEvents();

  private NewJoinerDetector detector(boolean links, boolean media) {
    return new NewJoinerDetector(new ProtectionSettings.NewJoiners(true, Duration.ofMinutes(10), links, media,
        ProtectionAction.REDACT), events.clock);
  }

  private NewJoinerDetector detector() {
    return detector(true, true);
  }

  private MessageEvent image(String body) {
    return events.message(ROOM, ALICE, "m.image", body, null, JSON.createObjectNode().put("url", "mxc://test/x"));
  }

  @Test
  void aNewcomersFirstMessageWithALinkIsHeldForReview() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));
    events.clock.advance(Duration.ofSeconds(30));
    MessageEvent m = events.text(ALICE, "visit https://spam.example/now");

    Verdict.Offence o = (Verdict.Offence) d.check(m).orElseThrow();

    assertThat(o.protection()).isEqualTo("new_joiners");
    assertThat(o.events()).containsExactly(m.eventId());
    assertThat(o.action()).isEqualTo(ProtectionAction.REDACT);
    assertThat(o.trigger()).isEqualTo("first message 30s after joining holds a link (held for review)");
  }

  @Test
  void aCleanFirstMessageEditedIntoALinkCountsOnlyWithinTheWindow() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));
    MessageEvent hello = events.text(ALICE, "hello");
    assertThat(d.check(hello)).isEmpty();
    events.clock.advance(Duration.ofMinutes(1));
    assertThat(d.check(events.edit(ALICE, hello.eventId(), "hello again"))).isEmpty();
    events.clock.advance(Duration.ofMinutes(1));
    EditEvent spam = events.edit(ALICE, hello.eventId(), "visit https://spam.example/now");

    Verdict.Offence o = (Verdict.Offence) d.check(spam).orElseThrow();

    assertThat(o.events()).containsExactly(hello.eventId(), spam.eventId());
    assertThat(o.trigger()).isEqualTo("first message edited 120s after joining to hold a link (held for review)");

    NewJoinerDetector late = detector();
    late.check(events.join(BOB));
    MessageEvent first = events.text(BOB, "hi");
    assertThat(late.check(first)).isEmpty();
    events.clock.advance(Duration.ofMinutes(11));
    assertThat(late.check(events.edit(BOB, first.eventId(), "visit https://spam.example/now"))).isEmpty();
  }

  @Test
  void linkFormsThatCount() {
    for (String body : new String[] {"www.spam.example", "spam.example/free", "ftp://files.example", "HTTP://X.IO"}) {
      NewJoinerDetector d = detector();
      d.check(events.join(ALICE));
      assertThat(d.check(events.text(ALICE, body))).as(body).isPresent();
    }
  }

  @Test
  void aLinkOnlyInTheFormattedBodyCounts() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));

    assertThat(d.check(events.html(ALICE, "click here", "<a href=\"https://spam.example\">click here</a>")))
        .isPresent();
  }

  @Test
  void aUserPillIsNoLinkButARoomLinkIs() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));
    d.check(events.join(BOB));

    assertThat(d.check(events.html(ALICE, "hi Carol", "hi <a href=\"https://matrix.to/#/@carol:test\">Carol</a>")))
        .isEmpty();
    assertThat(d.check(events.html(BOB, "join us", "<a href=\"https://matrix.to/#/#spam:evil.example\">us</a>")))
        .isPresent();
  }

  @Test
  void mediaAndStickersCount() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));
    assertThat(((Verdict.Offence) d.check(image("cat.png")).orElseThrow()).trigger()).contains("media (m.image)");

    d.check(events.join(BOB));
    assertThat(d.check(events.sticker(BOB))).isPresent();
  }

  @Test
  void onlyTheFirstMessageIsJudged() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));

    assertThat(d.check(events.text(ALICE, "hello all"))).isEmpty();
    assertThat(d.check(events.text(ALICE, "https://fine.example now"))).isEmpty();
  }

  @Test
  void aFirstMessageAfterTheWindowIsNotJudged() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));
    events.clock.advance(Duration.ofMinutes(11));

    assertThat(d.check(events.text(ALICE, "https://late.example"))).isEmpty();
  }

  @Test
  void membersNotSeenJoiningAreNotNewcomers() {
    NewJoinerDetector d = detector();
    d.check(events.join(OTHER_ROOM, ALICE));

    assertThat(d.check(events.text(BOB, "https://x.example"))).isEmpty();
    assertThat(d.check(events.text(ALICE, "https://x.example"))).as("joined another room").isEmpty();
  }

  @Test
  void whatCountsFollowsTheConfig() {
    NewJoinerDetector linksOnly = detector(true, false);
    linksOnly.check(events.join(ALICE));
    assertThat(linksOnly.check(image("cat.png"))).isEmpty();

    NewJoinerDetector mediaOnly = detector(false, true);
    mediaOnly.check(events.join(ALICE));
    assertThat(mediaOnly.check(events.text(ALICE, "https://x.example"))).isEmpty();
  }

  @Test
  void plainTextWithDotsIsNoLink() {
    NewJoinerDetector d = detector();
    d.check(events.join(ALICE));

    assertThat(d.check(events.text(ALICE, "Hi! I read the rules.txt, e.g. point 3. Thanks."))).isEmpty();
  }
}
