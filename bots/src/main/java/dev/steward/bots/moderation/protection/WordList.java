package dev.steward.bots.moderation.protection;

import dev.steward.bot.config.ConfigProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The word list compiled into one matcher: every pattern is one named alternative of a single regex, matched
 * case-insensitively (Unicode case folding, {@code \w} and {@code \b} Unicode-aware) against NFKC-normalised text.
 *
 * <p>Against catastrophic backtracking ({@code (a+)+$} on a long run of {@code a}), two guards: only the first
 * {@code max_checked_chars} characters of a text are matched, and a match may read the text at most
 * {@value #READS_PER_CHAR} times per pattern and character (plus a fixed allowance) before it is given up; a
 * given-up text counts as no match and the caller logs it. Plain word patterns stay far below the budget; a
 * backtracking pattern blows through it in milliseconds instead of hanging a handler thread.
 *
 * <p>Numbered back-references ({@code \1}) are refused: in the combined regex the group numbers of one pattern
 * shift with the groups of those before it. Named groups and {@code \k<name>} work.
 */
final class WordList {
  static final int READS_PER_CHAR = 64;
  private static final int FIXED_READS = 10_000;
  private static final String GROUP = "stewardRule";
  /** Case-insensitive (Unicode), Unicode classes; and any flag an earlier pattern turned on is off again. */
  private static final String FLAGS = "(?iuU-dmsx)";

  private final List<String> patterns;
  private final Pattern combined;
  private final int maxCheckedChars;

  private WordList(List<String> patterns, Pattern combined, int maxCheckedChars) {
    this.patterns = patterns;
    this.combined = combined;
    this.maxCheckedChars = maxCheckedChars;
  }

  /** A pattern that matched: its index in the list, its text, and a short excerpt of what it matched. */
  record Match(int index, String pattern, String excerpt) {}

  /** The match was given up: the patterns read the text more often than the budget allows. */
  static final class TooComplex extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooComplex(long reads) {
      super("gave up after " + reads + " reads of the text");
    }
  }

  /**
   * Compiles {@code patterns}; each bad one adds a problem at {@code key[i]} to {@code problems} and the result is
   * then empty.
   */
  static Optional<WordList> compile(List<String> patterns, int maxCheckedChars, String key,
                                    List<ConfigProblem> problems) {
    int before = problems.size();
    StringBuilder combined = new StringBuilder();
    List<String> sources = new ArrayList<>(patterns.size());
    for (int i = 0; i < patterns.size(); i++) {
      String at = key + "[" + i + "]";
      String source = Texts.normalize(patterns.get(i));
      sources.add(patterns.get(i));
      if (source.isBlank()) {
        problems.add(new ConfigProblem(at, "an empty pattern would match every message"));
        continue;
      }
      int backReference = numberedBackReference(source);
      if (backReference >= 0) {
        problems.add(new ConfigProblem(at, "numbered back-reference at index " + backReference + " of '"
            + patterns.get(i) + "': use a named group (?<name>...) and \\k<name> instead"));
        continue;
      }
      Pattern alone;
      try {
        alone = Pattern.compile(FLAGS + source);
      } catch (PatternSyntaxException e) {
        problems.add(new ConfigProblem(at, "not a valid regular expression: " + e.getDescription()
            + " near index " + Math.max(0, e.getIndex() - FLAGS.length()) + " of '" + patterns.get(i) + "'"));
        continue;
      }
      if (alone.matcher("").find()) {
        problems.add(new ConfigProblem(at, "'" + patterns.get(i) + "' matches the empty text, so every message"));
        continue;
      }
      combined.append(combined.length() == 0 ? "" : "|")
          .append("(?<").append(GROUP).append(i).append('>').append(FLAGS).append(source)
          .append(endsQuoted(source) ? "\\E)" : ")");
    }
    if (problems.size() > before) {
      return Optional.empty();
    }
    if (patterns.isEmpty()) {
      problems.add(new ConfigProblem(key, "list at least one pattern, or turn the word list off"));
      return Optional.empty();
    }
    try {
      return Optional.of(new WordList(List.copyOf(sources), Pattern.compile(combined.toString()), maxCheckedChars));
    } catch (PatternSyntaxException e) {
      // Each pattern compiled alone: what fails together is a group name two patterns both use.
      problems.add(new ConfigProblem(key, "the patterns do not combine into one: " + e.getDescription()));
      return Optional.empty();
    }
  }

  /** The patterns as configured. */
  List<String> patterns() {
    return patterns;
  }

  /**
   * The first pattern found in {@code text} (normalised here), with an excerpt of at most {@code excerptChars}.
   *
   * @throws TooComplex when the match was given up
   */
  Optional<Match> find(String text, int excerptChars) {
    String normalized = Texts.normalize(text);
    String checked = normalized.length() > maxCheckedChars ? normalized.substring(0, maxCheckedChars) : normalized;
    long budget = (long) READS_PER_CHAR * patterns.size() * checked.length() + FIXED_READS;
    Matcher m = combined.matcher(new Budgeted(checked, budget));
    if (!m.find()) {
      return Optional.empty();
    }
    for (int i = 0; i < patterns.size(); i++) {
      if (m.start(GROUP + i) >= 0) {
        return Optional.of(new Match(i, patterns.get(i), Texts.excerpt(checked, m.start(), m.end(), excerptChars)));
      }
    }
    throw new IllegalStateException("a word-list match without a matching pattern");
  }

  /** The index of the first {@code \<digit>} outside an escape, or -1. */
  static int numberedBackReference(String regex) {
    return scan(regex)[0];
  }

  /**
   * Whether {@code regex} ends inside a {@code \Q} quote. Alone that is valid (the quote runs to the end); in the
   * combined regex it would swallow the closing parenthesis and every pattern after it.
   */
  static boolean endsQuoted(String regex) {
    return scan(regex)[1] == 1;
  }

  /** {first numbered back-reference or -1, 1 when the text ends inside a quote}. */
  private static int[] scan(String regex) {
    boolean quoted = false;
    int backReference = -1;
    for (int i = 0; i < regex.length() - 1; i++) {
      char c = regex.charAt(i);
      char next = regex.charAt(i + 1);
      if (quoted) {
        if (c == '\\' && next == 'E') {
          quoted = false;
          i++;
        }
      } else if (c == '\\') {
        if (next == 'Q') {
          quoted = true;
        } else if (next >= '1' && next <= '9' && backReference < 0) {
          backReference = i;
        }
        i++; // the escaped character is not itself an escape
      }
    }
    return new int[] {backReference, quoted ? 1 : 0};
  }

  /** Text that counts how often the regex engine reads it and stops the match past a budget. */
  private static final class Budgeted implements CharSequence {
    private final String text;
    private final int offset;
    private final int length;
    private final long[] reads;
    private final long budget;

    Budgeted(String text, long budget) {
      this(text, 0, text.length(), new long[1], budget);
    }

    private Budgeted(String text, int offset, int length, long[] reads, long budget) {
      this.text = text;
      this.offset = offset;
      this.length = length;
      this.reads = reads;
      this.budget = budget;
    }

    @Override
    public char charAt(int index) {
      if (++reads[0] > budget) {
        throw new TooComplex(reads[0]);
      }
      return text.charAt(offset + index);
    }

    @Override
    public int length() {
      return length;
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Budgeted(text, offset + start, end - start, reads, budget);
    }

    @Override
    public String toString() {
      return text.substring(offset, offset + length);
    }
  }
}
