package dev.steward.bots.moderation.protection;

import static dev.steward.bots.moderation.protection.TestEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.config.ConfigProblem;
import dev.steward.bot.event.MessageEvent;
import dev.steward.client.testing.ExpectedFailures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The word list: regular expressions, case-insensitive and NFKC-normalised, in body and formatted body. */
class WordListDetectorTest {
  private final TestEvents events = new TestEvents();

  private static WordListDetector detector(ProtectionAction action, String... patterns) {
    return new WordListDetector(new ProtectionSettings.Words(true, List.of(patterns), action, 4096));
  }

  private static WordListDetector detector(String... patterns) {
    return detector(ProtectionAction.WARN, patterns);
  }

  private static Verdict.Offence offence(Optional<Verdict> verdict) {
    assertThat(verdict).isPresent();
    return (Verdict.Offence) verdict.get();
  }

  @Test
  void aRegexHitIsRedactedAndActedOnNamingThePatternAndAnExcerpt() {
    MessageEvent m = events.text(ALICE, "hello, BUY   now cheap pills");

    Verdict.Offence o = offence(detector("spam", "buy\\s+now").check(m));

    assertThat(o.protection()).isEqualTo("words");
    assertThat(o.user()).isEqualTo(ALICE);
    assertThat(o.room()).isEqualTo(TestEvents.ROOM);
    assertThat(o.events()).containsExactly(m.eventId());
    assertThat(o.action()).isEqualTo(ProtectionAction.WARN);
    assertThat(o.trigger()).isEqualTo("patterns[1] /buy\\s+now/ matched \"hello, BUY now cheap pills\"");
  }

  @Test
  void aHarmlessMessageIsNoOffence() {
    assertThat(detector("spam", "buy\\s+now").check(events.text(ALICE, "I bought it now, thanks"))).isEmpty();
  }

  @Test
  void fullWidthLookAlikesMatchAfterNfkc() {
    // "ｓｐａｍ" in full-width letters, and the pattern itself in full-width capitals.
    assertThat(detector("spam").check(events.text(ALICE, "\uFF53\uFF50\uFF41\uFF4D here"))).isPresent();
    assertThat(detector("\uFF33\uFF30\uFF21\uFF2D").check(events.text(ALICE, "Spam here"))).isPresent();
  }

  @Test
  void caseFoldingIsUnicodeAware() {
    assertThat(detector("straße").check(events.text(ALICE, "STRASSE? no: STRAẞE"))).isPresent();
    assertThat(detector("ärger").check(events.text(ALICE, "ÄRGER"))).isPresent();
  }

  @Test
  void zeroWidthCharactersDoNotSplitAWord() {
    assertThat(detector("\\bspam\\b").check(events.text(ALICE, "sp\u200Bam"))).isPresent();
  }

  @Test
  void theFormattedBodyIsCheckedWithItsTagsStripped() {
    MessageEvent m = events.html(ALICE, "nothing to see", "<p>sp<b>a</b>m &amp; more</p>");

    assertThat(offence(detector("spam & more").check(m)).trigger()).contains("matched \"spam & more\"");
  }

  @Test
  void blockTagsKeepWordsApart() {
    MessageEvent m = events.html(ALICE, "fine", "<p>hello sp</p><p>am</p>");

    assertThat(detector("spam").check(m)).isEmpty();
  }

  @Test
  void anEditIntoABadMessageRedactsTheOriginalAndTheEdit() {
    MessageEvent original = events.text(ALICE, "nice weather");
    var edit = events.edit(ALICE, original.eventId(), "buy now");

    Verdict.Offence o = offence(detector("buy now").check(edit));

    assertThat(o.events()).containsExactly(original.eventId(), edit.eventId());
  }

  @Test
  void theReportQuotesAShortExcerptNeverTheWholeBody() {
    String body = "x".repeat(500) + " forbidden " + "y".repeat(500);

    String trigger = offence(detector("forbidden").check(events.text(ALICE, body))).trigger();

    assertThat(trigger).contains("forbidden").hasSizeLessThan(120).doesNotContain("x".repeat(100));
  }

  @Test
  void theConfiguredActionIsCarried() {
    assertThat(offence(detector(ProtectionAction.BAN, "spam").check(events.text(ALICE, "spam"))).action())
        .isEqualTo(ProtectionAction.BAN);
  }

  @Test
  void flagsOfOnePatternDoNotLeakIntoTheNext() {
    // The first pattern turns case-sensitivity back on for itself only.
    WordListDetector d = detector("(?-i)Exact", "other");

    assertThat(d.check(events.text(ALICE, "exact"))).isEmpty();
    assertThat(d.check(events.text(ALICE, "Exact"))).isPresent();
    assertThat(d.check(events.text(ALICE, "OTHER"))).isPresent();
  }

  @Test
  void namedBackReferencesWork() {
    assertThat(detector("(?<c>[a-z])\\k<c>{4}").check(events.text(ALICE, "zzzzz"))).isPresent();
    assertThat(detector("(?<c>[a-z])\\k<c>{4}").check(events.text(ALICE, "abcde"))).isEmpty();
  }

  @Test
  void onlyTheFirstMaxCheckedCharsAreMatched() {
    var d = new WordListDetector(new ProtectionSettings.Words(true, List.of("hidden"), ProtectionAction.WARN, 100));

    assertThat(d.check(events.text(ALICE, "a".repeat(100) + "hidden"))).isEmpty();
    assertThat(d.check(events.text(ALICE, "a".repeat(90) + "hidden"))).isPresent();
  }

  @Test
  @ExpectedFailures("word list gave up")
  void aCatastrophicallyBacktrackingPatternIsGivenUpInsteadOfHanging() {
    WordListDetector d = detector("(a+)+$", "spam");

    // 4000 a's and a b: (?:a+)+$ would try 2^4000 ways; the read budget stops it after a few million reads.
    assertThat(d.check(events.text(ALICE, "a".repeat(4000) + "b"))).isEmpty();
    assertThat(d.check(events.text(ALICE, "plain spam"))).as("the detector still works afterwards").isPresent();
  }

  @Test
  void theCompiledListThrowsTooComplexPastItsBudget() {
    List<ConfigProblem> problems = new ArrayList<>();
    WordList list = WordList.compile(List.of("(?:x+x+)+y"), 4096, "patterns", problems).orElseThrow();

    assertThatThrownBy(() -> list.find("x".repeat(3000), 60)).isInstanceOf(WordList.TooComplex.class);
    assertThat(list.find("xxy", 60)).isPresent();
  }

  @Test
  void aQuoteLeftOpenAtTheEndOfAPatternEndsWithIt() {
    WordListDetector d = detector("\\Qa.b", "spam");

    assertThat(d.check(events.text(ALICE, "x a.b y"))).isPresent();
    assertThat(d.check(events.text(ALICE, "x aXb y"))).as("the dot is quoted").isEmpty();
    assertThat(d.check(events.text(ALICE, "spam"))).as("the next pattern is still a pattern").isPresent();
  }

  @Test
  void numberedBackReferencesAreFoundOutsideEscapesOnly() {
    assertThat(WordList.numberedBackReference("(a)\\1")).isEqualTo(3);
    assertThat(WordList.numberedBackReference("a\\\\1")).isEqualTo(-1);
    assertThat(WordList.numberedBackReference("\\Q\\1\\E")).isEqualTo(-1);
    assertThat(WordList.numberedBackReference("\\d\\w")).isEqualTo(-1);
    assertThat(WordList.endsQuoted("\\Qa.b")).isTrue();
    assertThat(WordList.endsQuoted("\\Qa.b\\E")).isFalse();
    assertThat(WordList.endsQuoted("a\\\\Q")).as("an escaped backslash, then Q").isFalse();
  }

  @Test
  void htmlTextDecodesEntitiesAndDropsTheReplyFallback() {
    assertThat(Texts.htmlText("<mx-reply><blockquote>quoted spam</blockquote></mx-reply>a&lt;b&#62;c&#x41;&nbsp;"))
        .isEqualTo("a<b>cA ");
  }
}
