package dev.steward.bot.internal.command;

import dev.steward.bot.command.ArgumentConverters;
import dev.steward.bot.command.MemberDirectory;
import dev.steward.bot.command.ParseContext;
import dev.steward.client.UserId;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The runtime's {@link ParseContext}: converters, the room's members by display name, and the mention pills of the
 * message. One per message: it remembers which pills arguments have used.
 */
public final class MessageParse implements ParseContext {
  private final ArgumentConverters converters;
  private final MemberDirectory members;
  private final List<Mentions.Pill> pills;
  // Two pills may show the same text ("Bob" and another "Bob"); the n-th such token takes the n-th pill.
  private final BitSet claimed = new BitSet();

  private MessageParse(ArgumentConverters converters, MemberDirectory members, List<Mentions.Pill> pills) {
    this.converters = Objects.requireNonNull(converters, "converters");
    this.members = members;
    this.pills = List.copyOf(Objects.requireNonNull(pills, "pills"));
  }

  /** A context with converters only: no display-name lookup, no pills. */
  public static MessageParse of(ArgumentConverters converters) {
    return new MessageParse(converters, null, List.of());
  }

  /**
   * A context for one message.
   *
   * @param converters the converter registry
   * @param members the room's members, or null when display names cannot be resolved
   * @param pills the message's pills in order, from {@link Mentions#pillTargets(String)}; empty for plain text
   */
  public static MessageParse of(ArgumentConverters converters, MemberDirectory members, List<Mentions.Pill> pills) {
    return new MessageParse(converters, members, pills);
  }

  @Override
  public ArgumentConverters converters() {
    return converters;
  }

  @Override
  public Optional<MemberDirectory> members() {
    return Optional.ofNullable(members);
  }

  /** The message's user pills in document order. */
  public List<Mentions.Pill> pills() {
    return pills;
  }

  /** The user of the first unused pill showing exactly {@code text}, marking it used. */
  public Optional<UserId> claimPill(String text) {
    for (int i = 0; i < pills.size(); i++) {
      if (!claimed.get(i) && pills.get(i).text().equals(text)) {
        claimed.set(i);
        return Optional.of(pills.get(i).userId());
      }
    }
    return Optional.empty();
  }

  /**
   * The length of the longest unused pill text found at {@code at} and followed by white space or the end, or -1.
   * Lets a pill whose text has spaces ("Bob Smith") be one argument without quotes.
   */
  public int pillTextAt(String text, int at) {
    int best = -1;
    for (int i = 0; i < pills.size(); i++) {
      String pill = pills.get(i).text();
      int end = at + pill.length();
      if (!claimed.get(i) && !pill.isEmpty() && pill.length() > best && text.startsWith(pill, at)
          && (end == text.length() || Text.isSpace(text.charAt(end)))) {
        best = pill.length();
      }
    }
    return best;
  }
}
