package dev.steward.bots.moderation.protection;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigProblem;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code bots.moderation.protections} section: each protection off unless turned on, and its limits and action.
 * Every nested section may be left out; a bad value is reported at its full key, e.g.
 * {@code bots.moderation.protections.words.patterns[2]}.
 *
 * @param muteFor how long the {@code mute} action mutes; {@code 0s} mutes until a moderator unmutes
 * @param flooding too many messages from one user in a room
 * @param words the word list of regular expressions
 * @param mentions too many users mentioned in one message, or {@code @room}
 * @param joinWaves too many joins in a room (raids)
 * @param newJoiners links and media in a newcomer's first message
 */
public record ProtectionSettings(Duration muteFor, Flooding flooding, Words words,
                                 Mentions mentions, JoinWaves joinWaves, NewJoiners newJoiners) {
  /** Checks the nested sections are present (the binder fills left-out ones from their defaults). */
  public ProtectionSettings {
    Objects.requireNonNull(muteFor, "muteFor");
    Objects.requireNonNull(flooding, "flooding");
    Objects.requireNonNull(words, "words");
    Objects.requireNonNull(mentions, "mentions");
    Objects.requireNonNull(joinWaves, "joinWaves");
    Objects.requireNonNull(newJoiners, "newJoiners");
  }

  /** Every protection off; mutes last 1h. */
  public static ProtectionSettings defaults() {
    return new ProtectionSettings(Duration.ofHours(1), Flooding.defaults(), Words.defaults(), Mentions.defaults(),
        JoinWaves.defaults(), NewJoiners.defaults());
  }

  /** Whether any protection is on. */
  public boolean anyEnabled() {
    return flooding.enabled() || words.enabled() || mentions.enabled() || joinWaves.enabled()
        || newJoiners.enabled();
  }

  /**
   * {@code flooding}: more than {@code max_messages} messages from one user in one room within {@code window}.
   *
   * @param enabled whether the protection is on
   * @param maxMessages how many messages the window may hold; one more is a flood
   * @param window the sliding window
   * @param action what happens to the flooder; the burst is redacted with any action but {@code report}
   * @param maxTracked at most this many (room, user) windows are kept; the longest idle go first
   */
  public record Flooding(boolean enabled, int maxMessages,
                         Duration window, ProtectionAction action,
                         int maxTracked) {
    /** Checks the limits are positive. */
    public Flooding {
      List<ConfigProblem> problems = new ArrayList<>();
      atLeast(maxMessages, 1, "max_messages", problems);
      positive(window, "window", problems);
      Objects.requireNonNull(action, "action");
      atLeast(maxTracked, 1, "max_tracked", problems);
      throwIfAny(problems);
    }

    /** Off; 10 messages in 10s; mute. */
    public static Flooding defaults() {
      return new Flooding(false, 10, Duration.ofSeconds(10), ProtectionAction.MUTE, 10_000);
    }
  }

  /**
   * {@code words}: regular expressions that must not appear in a message's body or formatted body (see
   * {@link WordList} for how they are matched and guarded).
   *
   * @param enabled whether the protection is on
   * @param patterns Java regular expressions, matched case-insensitively against NFKC-normalised text
   * @param action what happens to the sender; the message is redacted with any action but {@code report}
   * @param maxCheckedChars only this many characters of a body are matched (a guard against slow patterns)
   */
  public record Words(boolean enabled, List<String> patterns,
                      ProtectionAction action,
                      int maxCheckedChars) {
    /** Compiles every pattern, naming each bad one by its index; an enabled list must not be empty. */
    public Words {
      patterns = List.copyOf(patterns);
      Objects.requireNonNull(action, "action");
      List<ConfigProblem> problems = new ArrayList<>();
      if (maxCheckedChars < 100 || maxCheckedChars > 65_536) {
        problems.add(new ConfigProblem("max_checked_chars", "must be from 100 to 65536, not " + maxCheckedChars));
      }
      if (enabled || !patterns.isEmpty()) {
        // Checked even when off: a broken pattern waiting in the file is a surprise on the day it is turned on.
        WordList.compile(patterns, Math.max(100, maxCheckedChars), "patterns", problems);
      }
      throwIfAny(problems);
    }

    /** The patterns compiled into one matcher; call only when {@link #enabled()}. */
    WordList compiled() {
      List<ConfigProblem> problems = new ArrayList<>();
      return WordList.compile(patterns, maxCheckedChars, "patterns", problems)
          .orElseThrow(() -> new ConfigException(problems));
    }

    /** Off, no patterns; warn; 4096 characters checked. */
    public static Words defaults() {
      return new Words(false, List.of(), ProtectionAction.WARN, 4096);
    }
  }

  /**
   * {@code mentions}: one message that mentions more than {@code max_mentions} distinct users, or the whole room.
   *
   * @param enabled whether the protection is on
   * @param maxMentions how many distinct users one message may mention
   * @param roomMention whether {@code @room} from a non-moderator counts as mention spam
   * @param action what happens to the sender; the message is redacted with any action but {@code report}
   */
  public record Mentions(boolean enabled, int maxMentions,
                         boolean roomMention,
                         ProtectionAction action) {
    /** Checks the limit is positive. */
    public Mentions {
      List<ConfigProblem> problems = new ArrayList<>();
      atLeast(maxMentions, 1, "max_mentions", problems);
      Objects.requireNonNull(action, "action");
      throwIfAny(problems);
    }

    /** Off; 10 users; {@code @room} counts; mute. */
    public static Mentions defaults() {
      return new Mentions(false, 10, true, ProtectionAction.MUTE);
    }
  }

  /** The join rule a room is locked to during a join wave. */
  public enum LockRule {
    /** Only invited users may join. */
    INVITE,
    /** Users may ask to join ({@code knock}); a moderator lets them in. Needs room version 7 or later. */
    KNOCK;

    /** The {@code join_rule} value of {@code m.room.join_rules}. */
    public String joinRule() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code join_waves}: more than {@code max_joins} joins in one room within {@code window} locks the room.
   *
   * @param enabled whether the protection is on
   * @param maxJoins how many joins the window may hold; one more is a wave
   * @param window the sliding window
   * @param joinRule what the room's join rule becomes: {@code invite} or {@code knock}
   * @param coolOff how long after the wave the room's previous join rule is restored
   */
  public record JoinWaves(boolean enabled, int maxJoins,
                          Duration window, LockRule joinRule,
                          Duration coolOff) {
    /** Checks the limits are positive. */
    public JoinWaves {
      List<ConfigProblem> problems = new ArrayList<>();
      atLeast(maxJoins, 1, "max_joins", problems);
      positive(window, "window", problems);
      Objects.requireNonNull(joinRule, "joinRule");
      positive(coolOff, "cool_off", problems);
      throwIfAny(problems);
    }

    /** Off; 10 joins in 1m; invite-only for 10m. */
    public static JoinWaves defaults() {
      return new JoinWaves(false, 10, Duration.ofMinutes(1), LockRule.INVITE, Duration.ofMinutes(10));
    }
  }

  /**
   * {@code new_joiners}: a newcomer's first message, sent within {@code within} of joining, holding a link or media.
   *
   * @param enabled whether the protection is on
   * @param within how long after joining a first message counts as a newcomer's
   * @param links whether links (in the body or the formatted body) count
   * @param media whether images, videos, audio, files and stickers count
   * @param action what happens to the sender; the message is redacted with any action but {@code report}
   */
  public record NewJoiners(boolean enabled, Duration within,
                           boolean links, boolean media,
                           ProtectionAction action) {
    /** Checks the window is positive and something is looked for. */
    public NewJoiners {
      List<ConfigProblem> problems = new ArrayList<>();
      positive(within, "within", problems);
      Objects.requireNonNull(action, "action");
      if (enabled && !links && !media) {
        problems.add(new ConfigProblem("links", "with both links and media false the protection finds nothing; "
            + "turn one on or set enabled: false"));
      }
      throwIfAny(problems);
    }

    /** Off; first message within 10m; links and media; redact. */
    public static NewJoiners defaults() {
      return new NewJoiners(false, Duration.ofMinutes(10), true, true, ProtectionAction.REDACT);
    }
  }

  private static void atLeast(int value, int min, String key, List<ConfigProblem> problems) {
    if (value < min) {
      problems.add(new ConfigProblem(key, "must be at least " + min + ", not " + value));
    }
  }

  private static void positive(Duration value, String key, List<ConfigProblem> problems) {
    Objects.requireNonNull(value, key);
    if (value.isZero() || value.isNegative()) {
      problems.add(new ConfigProblem(key, "must be longer than zero, not " + value));
    }
  }

  private static void throwIfAny(List<ConfigProblem> problems) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }
}
