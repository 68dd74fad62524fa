package dev.steward.bots.moderation.protection;

import java.text.Normalizer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text of a message as the protections read it: Unicode-normalised, and HTML reduced to its text. */
final class Texts {
  /** Tags after which a reader sees a break, so words on either side stay apart once the tags are gone. */
  private static final Pattern BREAKING_TAG = Pattern.compile(
      "(?i)<\\s*(?:br|/?p|/?div|/?li|/?tr|/?td|/?th|/?h[1-6]|/?blockquote|/?pre|hr)\\b[^>]*>");
  private static final Pattern TAG = Pattern.compile("<[^>]*>");
  private static final Pattern MX_REPLY = Pattern.compile("(?is)<mx-reply>.*?</mx-reply>");
  private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|amp|lt|gt|quot|apos|nbsp);");

  private Texts() {}

  /**
   * NFKC-normalises {@code text} (full-width and other compatibility forms become their plain letters) and drops
   * invisible format characters (zero-width spaces and joiners, direction marks), which would otherwise split a word
   * without a reader seeing it.
   */
  static String normalize(String text) {
    String nfkc = Normalizer.normalize(text, Normalizer.Form.NFKC);
    StringBuilder out = null;
    for (int i = 0; i < nfkc.length(); i++) {
      char c = nfkc.charAt(i);
      if (Character.getType(c) == Character.FORMAT) {
        if (out == null) {
          out = new StringBuilder(nfkc.length()).append(nfkc, 0, i);
        }
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? nfkc : out.toString();
  }

  /**
   * The text a reader sees in an HTML body: tags removed (block tags become line breaks, inline tags nothing, so
   * {@code b<b>a</b>d} reads {@code bad}), the common entities decoded.
   */
  static String htmlText(String html) {
    String text = MX_REPLY.matcher(html).replaceAll("");
    text = BREAKING_TAG.matcher(text).replaceAll("\n");
    text = TAG.matcher(text).replaceAll("");
    Matcher m = ENTITY.matcher(text);
    StringBuilder out = new StringBuilder(text.length());
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(entity(m.group(1))));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String entity(String name) {
    return switch (name) {
      case "amp" -> "&";
      case "lt" -> "<";
      case "gt" -> ">";
      case "quot" -> "\"";
      case "apos" -> "'";
      case "nbsp" -> " ";
      default -> {
        int code = name.charAt(1) == 'x' || name.charAt(1) == 'X' ? Integer.parseInt(name.substring(2), 16)
            : Integer.parseInt(name.substring(1));
        yield Character.isValidCodePoint(code) ? Character.toString(code) : "";
      }
    };
  }

  /**
   * At most {@code max} characters around {@code start..end} of {@code text}, on one line, with ellipses. An
   * {@code @room} in it gets a word joiner after the {@code @}: quoted in a management-room notice, it must not
   * notify everyone there.
   */
  static String excerpt(String text, int start, int end, int max) {
    int context = (max - Math.min(end - start, max)) / 2;
    int from = Math.max(0, start - context);
    int to = Math.min(text.length(), from + max);
    String cut = text.substring(from, to).replaceAll("\\s+", " ").strip();
    cut = cut.replace("@room", "@\u2060room");
    return (from > 0 ? "\u2026" : "") + cut + (to < text.length() ? "\u2026" : "");
  }

  /** A duration as the config writes it: {@code 10s}, {@code 1m30s}, {@code 2h}, {@code 500ms}. */
  static String duration(java.time.Duration d) {
    if (d.toMillis() < 1000) {
      return d.toMillis() + "ms";
    }
    StringBuilder out = new StringBuilder();
    long days = d.toDays();
    if (days > 0) {
      out.append(days).append('d');
    }
    if (d.toHoursPart() > 0) {
      out.append(d.toHoursPart()).append('h');
    }
    if (d.toMinutesPart() > 0) {
      out.append(d.toMinutesPart()).append('m');
    }
    if (d.toSecondsPart() > 0) {
      out.append(d.toSecondsPart()).append('s');
    }
    return out.toString();
  }

  /** A burst for a report: {@code 11 messages in 4s (more than 10 in 10s)}. */
  static String burst(int count, String what, java.time.Instant first, java.time.Instant last, int max,
                      java.time.Duration window) {
    long seconds = java.time.Duration.between(first, last).toSeconds();
    return count + " " + what + " in " + (seconds < 1 ? "under a second" : seconds + "s") + " (more than " + max
        + " in " + duration(window) + ")";
  }
}
