package dev.steward.bot.event;

import dev.steward.client.UserId;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Safe HTML for message bodies: escaping of untrusted text (display names, room names) and mention pills. */
public final class Html {
  private Html() {}

  /** Escapes {@code & < > " '} so untrusted text cannot inject markup. */
  public static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A mention pill: a matrix.to link to {@code user} showing {@code displayName} (escaped), or the id. */
  public static String pill(UserId user, String displayName) {
    String label = displayName == null || displayName.isBlank() ? user.value() : displayName;
    String href = "https://matrix.to/#/" + URLEncoder.encode(user.value(), StandardCharsets.UTF_8).replace("+", "%20");
    return "<a href=\"" + href + "\">" + escape(label) + "</a>";
  }
}
