package dev.steward.examples.dice;

import static dev.steward.test.BotTester.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.test.BotTester;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DiceBotTest {
  @Test
  void rollsTheDiceAskedForAndAddsThemUp() {
    try (BotTester t = BotTester.start(DiceBot.class)) {
      t.say(ALICE, "!roll 2d6");
      Matcher m = Pattern.compile("🎲 (\\d+) \\(([1-6]), ([1-6])\\)").matcher(t.awaitReply().body());
      assertThat(m.matches()).isTrue();
      assertThat(Integer.parseInt(m.group(2)) + Integer.parseInt(m.group(3))).isEqualTo(Integer.parseInt(m.group(1)));
    }
  }

  @Test
  void rollsOneSixSidedDieByDefaultAndAcceptsD20() {
    try (BotTester t = BotTester.start(DiceBot.class)) {
      t.say(ALICE, "!roll");
      assertThat(t.awaitReply().body()).matches("🎲 [1-6]");
      t.say(ALICE, "!roll d20");
      int n = Integer.parseInt(t.awaitReply().body().substring("🎲 ".length()));
      assertThat(n).isBetween(1, 20);
    }
  }

  @Test
  void answersDiceItCannotReadWithTheUsageLine() {
    try (BotTester t = BotTester.start(DiceBot.class)) {
      t.say(ALICE, "!roll lots");
      assertThat(t.awaitReply().body()).contains("Not dice: 'lots'").contains("Usage: !roll [dice]");
      t.say(ALICE, "!roll 500d6");
      assertThat(t.awaitReply().body()).contains("Between 1 and 100 dice, not 500");
    }
  }

  @Test
  void parsesTheNotation() {
    assertThat(Dice.parse("3D8")).isEqualTo(new Dice(3, 8));
    assertThat(Dice.parse("d4")).isEqualTo(new Dice(1, 4));
    assertThat(Arrays.asList("2d1", "0d6", "2x6", "")).allSatisfy(bad -> assertThat(
        org.assertj.core.api.Assertions.catchThrowable(() -> Dice.parse(bad)))
        .isInstanceOf(IllegalArgumentException.class));
  }
}
