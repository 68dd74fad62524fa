package dev.steward.bots.moderation.protection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.config.ConfigBinder;
import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code bots.moderation.protections} section: defaults, tuning, and every bad value named by its key. */
class ProtectionSettingsTest {
  private static final String AT = "bots.moderation.protections";

  private static ProtectionSettings bind(Map<String, ?> section) {
    return ConfigBinder.bind(section, ProtectionSettings.class, AT);
  }

  private static List<ConfigProblem> problems(Map<String, ?> section) {
    try {
      bind(section);
    } catch (ConfigException e) {
      return e.problems();
    }
    throw new AssertionError("expected a ConfigException for " + section);
  }

  @Test
  void leftOutEverythingIsOffWithTheDocumentedDefaults() {
    ProtectionSettings s = bind(Map.of());

    assertThat(s).isEqualTo(ProtectionSettings.defaults());
    assertThat(s.anyEnabled()).isFalse();
    assertThat(s.muteFor()).isEqualTo(Duration.ofHours(1));
    assertThat(s.flooding()).isEqualTo(new ProtectionSettings.Flooding(false, 10, Duration.ofSeconds(10),
        ProtectionAction.MUTE, 10_000));
    assertThat(s.words().action()).isEqualTo(ProtectionAction.WARN);
    assertThat(s.mentions().maxMentions()).isEqualTo(10);
    assertThat(s.joinWaves().joinRule()).isEqualTo(ProtectionSettings.LockRule.INVITE);
    assertThat(s.joinWaves().coolOff()).isEqualTo(Duration.ofMinutes(10));
    assertThat(s.newJoiners().action()).isEqualTo(ProtectionAction.REDACT);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theShippedSectionBindsToTheDefaults() throws Exception {
    Map<String, Object> file = new org.yaml.snakeyaml.Yaml().load(
        java.nio.file.Files.readString(java.nio.file.Path.of("../config/steward.yaml")));
    Map<String, Object> moderation = (Map<String, Object>) ((Map<String, Object>) file.get("bots")).get("moderation");

    assertThat(bind((Map<String, ?>) moderation.get("protections"))).isEqualTo(ProtectionSettings.defaults());
  }

  @Test
  void aNestedSectionWithSomeKeysTakesTheRestFromItsDefaults() {
    ProtectionSettings s = bind(Map.of("flooding", Map.of("enabled", true, "max_messages", 5, "action", "Ban"),
        "join_waves", Map.of("enabled", true, "join_rule", "knock", "cool_off", "3s")));

    assertThat(s.flooding()).isEqualTo(new ProtectionSettings.Flooding(true, 5, Duration.ofSeconds(10),
        ProtectionAction.BAN, 10_000));
    assertThat(s.joinWaves().joinRule().joinRule()).isEqualTo("knock");
    assertThat(s.joinWaves().coolOff()).isEqualTo(Duration.ofSeconds(3));
    assertThat(s.anyEnabled()).isTrue();
  }

  @Test
  void aBadRegexIsNamedByItsIndexAndSaysWhatIsWrong() {
    List<ConfigProblem> problems = problems(Map.of("words",
        Map.of("enabled", true, "patterns", List.of("spam", "buy\\s+now", "free (money"))));

    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).path()).isEqualTo(AT + ".words.patterns[2]");
    assertThat(problems.get(0).message()).contains("not a valid regular expression").contains("'free (money'");
  }

  @Test
  void everyBadPatternIsReportedNotOnlyTheFirst() {
    List<ConfigProblem> problems = problems(Map.of("words",
        Map.of("enabled", true, "patterns", List.of("[a-", "ok", "(x)\\1", "a*", " "))));

    assertThat(problems).extracting(ConfigProblem::path).containsExactly(AT + ".words.patterns[0]",
        AT + ".words.patterns[2]", AT + ".words.patterns[3]", AT + ".words.patterns[4]");
    assertThat(problems.get(1).message()).contains("numbered back-reference").contains("\\k<name>");
    assertThat(problems.get(2).message()).contains("matches the empty text, so every message");
    assertThat(problems.get(3).message()).contains("empty pattern");
  }

  @Test
  void aBadPatternIsAnErrorEvenWhileTheWordListIsOff() {
    assertThat(problems(Map.of("words", Map.of("patterns", List.of("(unclosed")))))
        .extracting(ConfigProblem::path).containsExactly(AT + ".words.patterns[0]");
  }

  @Test
  void anEnabledWordListNeedsPatterns() {
    assertThat(problems(Map.of("words", Map.of("enabled", true))))
        .containsExactly(new ConfigProblem(AT + ".words.patterns",
            "list at least one pattern, or turn the word list off"));
  }

  @Test
  void twoPatternsUsingTheSameGroupNameAreNamedAtTheList() {
    List<ConfigProblem> problems = problems(Map.of("words",
        Map.of("enabled", true, "patterns", List.of("(?<w>spam)", "(?<w>ham)"))));

    assertThat(problems).extracting(ConfigProblem::path).containsExactly(AT + ".words.patterns");
    assertThat(problems.get(0).message()).startsWith("the patterns do not combine into one");
  }

  @Test
  void maxCheckedCharsMustBeInRange() {
    assertThat(problems(Map.of("words", Map.of("max_checked_chars", 10))))
        .containsExactly(new ConfigProblem(AT + ".words.max_checked_chars", "must be from 100 to 65536, not 10"));
  }

  @Test
  void limitsAndWindowsMustBePositive() {
    assertThat(problems(Map.of(
        "flooding", Map.of("max_messages", 0, "window", "0s", "max_tracked", 0),
        "mentions", Map.of("max_mentions", -1),
        "join_waves", Map.of("max_joins", 0, "window", "0s", "cool_off", "0s"),
        "new_joiners", Map.of("within", "0s"))))
        .containsExactlyInAnyOrder(
            new ConfigProblem(AT + ".flooding.max_messages", "must be at least 1, not 0"),
            new ConfigProblem(AT + ".flooding.window", "must be longer than zero, not PT0S"),
            new ConfigProblem(AT + ".flooding.max_tracked", "must be at least 1, not 0"),
            new ConfigProblem(AT + ".mentions.max_mentions", "must be at least 1, not -1"),
            new ConfigProblem(AT + ".join_waves.max_joins", "must be at least 1, not 0"),
            new ConfigProblem(AT + ".join_waves.window", "must be longer than zero, not PT0S"),
            new ConfigProblem(AT + ".join_waves.cool_off", "must be longer than zero, not PT0S"),
            new ConfigProblem(AT + ".new_joiners.within", "must be longer than zero, not PT0S"));
  }

  @Test
  void anUnknownActionListsTheActions() {
    List<ConfigProblem> problems = problems(Map.of("flooding", Map.of("action", "explode")));

    assertThat(problems).containsExactly(new ConfigProblem(AT + ".flooding.action",
        "expected one of report, redact, warn, mute, kick, ban, found 'explode'"));
  }

  @Test
  void anUnknownJoinRuleListsTheRules() {
    assertThat(problems(Map.of("join_waves", Map.of("join_rule", "public"))))
        .containsExactly(new ConfigProblem(AT + ".join_waves.join_rule",
            "expected one of invite, knock, found 'public'"));
  }

  @Test
  void newJoinersLookingForNothingIsAnError() {
    assertThat(problems(Map.of("new_joiners", Map.of("enabled", true, "links", false, "media", false))))
        .extracting(ConfigProblem::path).containsExactly(AT + ".new_joiners.links");
  }

  @Test
  void aMisspelledKeyIsNamedWithAGuess() {
    List<ConfigProblem> problems = problems(Map.of("flooding", Map.of("max_mesages", 3)));

    assertThat(problems).extracting(ConfigProblem::path).containsExactly(AT + ".flooding.max_mesages");
    assertThat(problems.get(0).message()).contains("did you mean 'max_messages'?");
  }

  @Test
  void aNegativeMuteDurationIsNamed() {
    assertThat(problems(Map.of("mute_for", "-5m"))).extracting(ConfigProblem::path)
        .containsExactly(AT + ".mute_for");
  }

  @Test
  void actionsOtherThanReportRedact() {
    assertThat(ProtectionAction.REPORT.redacts()).isFalse();
    assertThat(List.of(ProtectionAction.REDACT, ProtectionAction.WARN, ProtectionAction.MUTE, ProtectionAction.KICK,
        ProtectionAction.BAN)).allMatch(ProtectionAction::redacts);
  }
}
