package dev.steward.bots.welcome;

import dev.steward.bot.event.Html;
import dev.steward.bot.event.Markdown;
import dev.steward.client.UserId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A greeting with placeholders, rendered as a plain body and an HTML body. In {@link Format#PLAIN} the template's own
 * text and everything substituted are HTML-escaped in the HTML body; in {@link Format#MARKDOWN} the template is
 * Markdown (rendered by {@link Markdown}, raw HTML escaped) and every substituted value is Markdown-escaped first, so
 * either way a display name or room name cannot inject markup, links or formatting.
 *
 * <p>Placeholders: {@code {user}} (the display name, or the user id when there is none), {@code {user_id}},
 * {@code {mention}} (a mention pill in HTML, the display name in the plain body) and {@code {room}} (the room's name,
 * else its main alias, else its id). Braces around anything else are kept as they are.
 */
public final class WelcomeTemplate {
  /** The placeholder names a template may use. */
  public static final List<String> PLACEHOLDERS = List.of("user", "user_id", "mention", "room");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  /** How the template's own text is read. */
  public enum Format {
    /** Text as it is: shown verbatim, HTML-escaped in the HTML body. */
    PLAIN,
    /** CommonMark: the HTML body is the rendered Markdown, the plain body the Markdown source. */
    MARKDOWN
  }

  private final String source;
  private final Format format;
  /** Literal text and placeholder names, alternating: even indexes are literals. */
  private final List<String> parts;

  private WelcomeTemplate(String source, Format format, List<String> parts) {
    this.source = source;
    this.format = format;
    this.parts = parts;
  }

  /**
   * What is filled in for one greeting.
   *
   * @param user who joined
   * @param displayName their display name in the room, or null
   * @param roomName how the room is called (its name, alias or id)
   */
  public record Values(UserId user, String displayName, String roomName) {
    /** Requires the user and the room name. */
    public Values {
      Objects.requireNonNull(user, "user");
      Objects.requireNonNull(roomName, "roomName");
    }
  }

  /**
   * A rendered greeting.
   *
   * @param plain the plain-text body
   * @param html the HTML body, every substituted value escaped
   */
  public record Rendered(String plain, String html) {}

  /** Parses a plain template; throws {@link IllegalArgumentException} for a blank one or an unknown placeholder. */
  public static WelcomeTemplate parse(String template) {
    return parse(template, Format.PLAIN);
  }

  /** Parses a template in {@code format}; throws {@link IllegalArgumentException} as {@link #parse(String)}. */
  public static WelcomeTemplate parse(String template, Format format) {
    Objects.requireNonNull(template, "template");
    Objects.requireNonNull(format, "format");
    if (template.isBlank()) {
      throw new IllegalArgumentException("the message is empty");
    }
    List<String> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int at = 0;
    while (m.find()) {
      if (!PLACEHOLDERS.contains(m.group(1))) {
        throw new IllegalArgumentException("unknown placeholder '" + m.group() + "' in the message; known: {"
            + String.join("}, {", PLACEHOLDERS) + "}");
      }
      parts.add(template.substring(at, m.start()));
      parts.add(m.group(1));
      at = m.end();
    }
    parts.add(template.substring(at));
    return new WelcomeTemplate(template, format, List.copyOf(parts));
  }

  /** The format the template is read in. */
  public Format format() {
    return format;
  }

  /** Fills the placeholders in. */
  public Rendered render(Values v) {
    Objects.requireNonNull(v, "v");
    String name = v.displayName() == null || v.displayName().isBlank() ? v.user().value() : oneLine(v.displayName());
    String room = oneLine(v.roomName());
    return format == Format.MARKDOWN ? renderMarkdown(v.user(), name, room) : renderPlain(v.user(), name, room);
  }

  private Rendered renderMarkdown(UserId user, String name, String room) {
    StringBuilder plain = new StringBuilder();
    StringBuilder markdown = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (i % 2 == 0) {
        plain.append(part);
        markdown.append(part);
        continue;
      }
      String value = switch (part) {
        case "user", "mention" -> name;
        case "user_id" -> user.value();
        case "room" -> room;
        default -> throw new IllegalStateException("placeholder checked at parse time: " + part);
      };
      plain.append(value);
      markdown.append(part.equals("mention")
          ? "[" + escapeMarkdown(value) + "](" + matrixTo(user) + ")"
          : escapeMarkdown(value));
    }
    return new Rendered(plain.toString(), Markdown.toHtml(markdown.toString()));
  }

  private Rendered renderPlain(UserId user, String name, String room) {
    StringBuilder plain = new StringBuilder();
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (i % 2 == 0) {
        plain.append(part);
        html.append(Html.escape(part).replace("\n", "<br>"));
        continue;
      }
      switch (part) {
        case "user" -> append(plain, html, name);
        case "user_id" -> append(plain, html, user.value());
        case "mention" -> {
          plain.append(name);
          html.append(Html.pill(user, name));
        }
        case "room" -> append(plain, html, room);
        default -> throw new IllegalStateException("placeholder checked at parse time: " + part);
      }
    }
    return new Rendered(plain.toString(), html.toString());
  }

  /** The template as configured. */
  @Override
  public String toString() {
    return source;
  }

  private static void append(StringBuilder plain, StringBuilder html, String value) {
    plain.append(value);
    html.append(Html.escape(value));
  }

  /**
   * Backslash before every ASCII punctuation character, which CommonMark allows for all of them: the value then reads
   * as literal text, never as emphasis, a link, code, a heading, an HTML tag or an entity.
   */
  static String escapeMarkdown(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 8);
    text.codePoints().forEach(c -> {
      if (c < 128 && isAsciiPunctuation((char) c)) {
        sb.append('\\');
      }
      sb.appendCodePoint(c);
    });
    return sb.toString();
  }

  private static boolean isAsciiPunctuation(char c) {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
  }

  /** The same link {@link Html#pill} makes; percent-encoded, so nothing in it is Markdown. */
  private static String matrixTo(UserId user) {
    return "https://matrix.to/#/" + URLEncoder.encode(user.value(), StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Control characters (newlines too) become spaces: a name must not fake extra lines of the greeting. */
  private static String oneLine(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return sb.toString();
  }
}
