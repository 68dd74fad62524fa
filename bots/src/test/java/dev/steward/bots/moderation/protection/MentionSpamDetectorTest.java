package dev.steward.bots.moderation.protection;

import static dev.steward.bots.moderation.protection.TestEvents.ALICE;
import static dev.steward.bots.moderation.protection.TestEvents.JSON;
import static dev.steward.bots.moderation.protection.TestEvents.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Mention spam: more than N distinct users in one message, by any way of mentioning, or {@code @room}. */
class MentionSpamDetectorTest {
  private final TestEvents events = new TestEvents();
  private final Map<UserId, String> members = new LinkedHashMap<>();
  private final AtomicInteger lookups = new AtomicInteger();

  private MentionSpamDetector detector(int max, boolean roomMention) {
    return new MentionSpamDetector(new ProtectionSettings.Mentions(true, max, roomMention, ProtectionAction.KICK),
        room -> {
          lookups.incrementAndGet();
          return room.equals(ROOM) ? members : Map.of();
        });
  }

  private static UserId user(int i) {
    return UserId.of("@u" + i + ":test");
  }

  private static String ids(int from, int to) {
    StringBuilder out = new StringBuilder();
    for (int i = from; i < to; i++) {
      out.append(user(i)).append(' ');
    }
    return out.toString();
  }

  @Test
  void moreThanTheLimitOfUserIdsInTheBodyIsSpam() {
    MentionSpamDetector d = detector(3, true);

    assertThat(d.check(events.text(ALICE, "hey " + ids(0, 3)))).isEmpty();
    Verdict.Offence o = (Verdict.Offence) d.check(events.text(ALICE, "hey " + ids(0, 4))).orElseThrow();

    assertThat(o.protection()).isEqualTo("mentions");
    assertThat(o.action()).isEqualTo(ProtectionAction.KICK);
    assertThat(o.trigger()).isEqualTo("4 users mentioned in one message (more than 3)");
  }

  @Test
  void theSameUserMentionedManyTimesCountsOnce() {
    assertThat(detector(3, true).check(events.text(ALICE, (user(1) + " ").repeat(20)))).isEmpty();
  }

  @Test
  void intentionalMentionsPillsIdsAndDisplayNamesAllCountTogether() {
    members.put(user(3), "Carol Smith");
    members.put(user(4), "dave");
    ObjectNode extra = JSON.createObjectNode();
    extra.putObject("m.mentions").putArray("user_ids").add(user(0).value());
    String html = "<a href=\"https://matrix.to/#/%40u1%3Atest\">One</a>";
    var m = events.message(ROOM, ALICE, "m.text", "One, " + user(2) + ", carol smith and Dave!", html, extra);

    Verdict.Offence o = (Verdict.Offence) detector(4, true).check(m).map(v -> v).orElse(null);
    assertThat(o).as("five distinct users: 0 by m.mentions, 1 by pill, 2 by id, 3 and 4 by name").isNotNull();
    assertThat(o.trigger()).startsWith("5 users");
  }

  @Test
  void displayNamesMatchWholeWordsOnlyAndShortNamesNever() {
    members.put(user(1), "Al");
    members.put(user(2), "ann");
    members.put(user(3), "bob");
    MentionSpamDetector d = detector(1, true);

    assertThat(d.check(events.text(ALICE, "Alright, annoying bobcats and Al"))).isEmpty();
    assertThat(d.check(events.text(ALICE, "ann and bob"))).isPresent();
  }

  @Test
  void theSenderMentioningThemselvesDoesNotCount() {
    assertThat(detector(1, true).check(events.text(ALICE, ALICE + " " + user(1)))).isEmpty();
  }

  @Test
  void atRoomIsSpamWhenConfigured() {
    assertThat(((Verdict.Offence) detector(5, true).check(events.text(ALICE, "hey @room look")).orElseThrow())
        .trigger()).isEqualTo("@room from a non-moderator");
    assertThat(detector(5, false).check(events.text(ALICE, "hey @room look"))).isEmpty();
    assertThat(detector(5, true).check(events.text(ALICE, "mail me at x@roomservice.test"))).isEmpty();
  }

  @Test
  void anIntentionalRoomMentionIsSpamToo() {
    ObjectNode extra = JSON.createObjectNode();
    extra.putObject("m.mentions").put("room", true);

    assertThat(detector(5, true).check(events.message(ROOM, ALICE, "m.text", "look", null, extra))).isPresent();
  }

  @Test
  void emailAddressesAreNotUserIds() {
    assertThat(detector(1, true).check(events.text(ALICE, "write to a@b.test or c@d.test or e@f.test"))).isEmpty();
  }

  @Test
  void theNameIndexIsRebuiltOnlyWhenTheMembersChange() {
    members.put(user(1), "carol");
    members.put(user(2), "dave");
    MentionSpamDetector d = detector(1, true);

    assertThat(d.check(events.text(ALICE, "carol dave"))).isPresent();
    assertThat(d.check(events.text(ALICE, "carol"))).isEmpty();
    assertThat(lookups).hasValue(2);

    assertThat(d.check(events.text(RoomId.of("!elsewhere:test"), ALICE, "carol dave"))).as("other members")
        .isEmpty();
  }
}
