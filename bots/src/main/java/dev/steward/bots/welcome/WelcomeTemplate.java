package dev.steward.bots.welcome;

import dev.steward.bot.event.Html;
import dev.steward.client.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A greeting with placeholders, rendered as a plain body and an HTML body. The template's own text and everything
 * substituted are HTML-escaped in the HTML body, so a display name or room name cannot inject markup.
 *
 * <p>Placeholders: {@code {user}} (the display name, or the user id when there is none), {@code {user_id}},
 * {@code {mention}} (a mention pill in HTML, the display name in the plain body) and {@code {room}} (the room's name,
 * else its main alias, else its id). Braces around anything else are kept as they are.
 */
public final class WelcomeTemplate {
  /** The placeholder names a template may use. */
  public static final List<String> PLACEHOLDERS = List.of("user", "user_id", "mention", "room");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

  private final String source;
  /** Literal text and placeholder names, alternating: even indexes are literals. */
  private final List<String> parts;

  private WelcomeTemplate(String source, List<String> parts) {
    this.source = source;
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

  /** Parses a template; throws {@link IllegalArgumentException} for a blank one or an unknown placeholder. */
  public static WelcomeTemplate parse(String template) {
    Objects.requireNonNull(template, "template");
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
    return new WelcomeTemplate(template, List.copyOf(parts));
  }

  /** Fills the placeholders in. */
  public Rendered render(Values v) {
    Objects.requireNonNull(v, "v");
    String name = v.displayName() == null || v.displayName().isBlank() ? v.user().value() : oneLine(v.displayName());
    String room = oneLine(v.roomName());
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
        case "user_id" -> append(plain, html, v.user().value());
        case "mention" -> {
          plain.append(name);
          html.append(Html.pill(v.user(), name));
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

  /** Control characters (newlines too) become spaces: a name must not fake extra lines of the greeting. */
  private static String oneLine(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    text.codePoints().forEach(c -> sb.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return sb.toString();
  }
}
