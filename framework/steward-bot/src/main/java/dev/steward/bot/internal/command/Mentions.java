package dev.steward.bot.internal.command;

import dev.steward.client.UserId;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extracts user mention "pills" ({@code <a href="https://matrix.to/#/@user:server">Name</a>}) from a message's
 * HTML {@code formatted_body}.
 *
 * <p>A hand-written scan rather than an HTML parser: we only need anchors, the body may be hostile, and each
 * step moves forward so the cost stays linear in the body length.
 */
public final class Mentions {
  private static final Pattern HREF =
      Pattern.compile("\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>]+))", Pattern.CASE_INSENSITIVE);
  private static final String[] PREFIXES = {"https://matrix.to/#/", "http://matrix.to/#/"};

  private Mentions() {}

  /**
   * A user mention: who it points at, and the text the sender's client showed (and usually put in the plain body).
   *
   * @param userId the mentioned user
   * @param text the link text, tags stripped and entities decoded
   */
  public record Pill(UserId userId, String text) {
    /** Requires both parts. */
    public Pill {
      Objects.requireNonNull(userId, "userId");
      Objects.requireNonNull(text, "text");
    }
  }

  /** The user pills of an HTML body in document order; links to rooms, events or elsewhere are ignored. */
  public static List<Pill> pillTargets(String formattedBody) {
    List<Pill> pills = new ArrayList<>();
    if (formattedBody == null) {
      return pills;
    }
    String html = formattedBody;
    int i = 0;
    while (true) {
      int open = indexOfIgnoreCase(html, "<a", i);
      if (open < 0) {
        break;
      }
      int tagEnd = html.indexOf('>', open);
      if (tagEnd < 0) {
        break;
      }
      if (open + 2 < html.length() && !Text.isSpace(html.charAt(open + 2)) && html.charAt(open + 2) != '>') {
        i = open + 2; // <abbr>, <address> …
        continue;
      }
      int close = indexOfIgnoreCase(html, "</a", tagEnd);
      if (close < 0) {
        break;
      }
      UserId target = target(html.substring(open, tagEnd));
      if (target != null) {
        pills.add(new Pill(target, decodeEntities(stripTags(html.substring(tagEnd + 1, close))).strip()));
      }
      i = close + 3;
    }
    return pills;
  }

  private static UserId target(String tag) {
    Matcher m = HREF.matcher(tag);
    if (!m.find()) {
      return null;
    }
    String href = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
    href = decodeEntities(href);
    for (String prefix : PREFIXES) {
      if (href.regionMatches(true, 0, prefix, 0, prefix.length())) {
        String id = href.substring(prefix.length());
        int query = id.indexOf('?');
        id = percentDecode(query < 0 ? id : id.substring(0, query));
        if (!id.startsWith("@")) {
          return null;
        }
        try {
          return UserId.of(id);
        } catch (IllegalArgumentException e) {
          return null; // a malformed link is not a mention; the plain text still goes through the usual checks
        }
      }
    }
    return null;
  }

  private static int indexOfIgnoreCase(String s, String needle, int from) {
    for (int i = Math.max(from, 0); i + needle.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, needle, 0, needle.length())) {
        return i;
      }
    }
    return -1;
  }

  private static String stripTags(String s) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '<') {
        int end = s.indexOf('>', i);
        if (end < 0) {
          out.append(s, i, s.length());
          break;
        }
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Percent-decoding without URLDecoder's form rule that turns '+' into a space: '+' is legal in user ids. */
  private static String percentDecode(String s) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' && hex(s, i + 1) >= 0) {
        bytes.write(hex(s, i + 1));
        i += 2;
      } else {
        int cp = s.codePointAt(i);
        bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp) - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static int hex(String s, int at) {
    if (at + 1 >= s.length()) {
      return -1;
    }
    int hi = Character.digit(s.charAt(at), 16);
    int lo = Character.digit(s.charAt(at + 1), 16);
    return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
  }

  private static String decodeEntities(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int semi = c == '&' ? s.indexOf(';', i) : -1;
      String decoded = semi > i && semi - i <= 10 ? entity(s.substring(i + 1, semi)) : null;
      if (decoded != null) {
        out.append(decoded);
        i = semi + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static String entity(String name) {
    switch (name) {
      case "amp": return "&";
      case "lt": return "<";
      case "gt": return ">";
      case "quot": return "\"";
      case "apos": return "'";
      case "nbsp": return "\u00a0";
      default: break;
    }
    try {
      int cp;
      if (name.startsWith("#x") || name.startsWith("#X")) {
        cp = Integer.parseInt(name.substring(2), 16);
      } else if (name.startsWith("#")) {
        cp = Integer.parseInt(name.substring(1));
      } else {
        return null;
      }
      return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
    } catch (NumberFormatException e) {
      return null; // not an entity after all: keep the text as written
    }
  }
}
