package dev.steward.bot.event;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders Markdown to the HTML Matrix clients show (commonmark-java). Raw HTML in the source is escaped, so text
 * that came from users cannot inject markup; use {@link Html} to build markup on purpose.
 */
public final class Markdown {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER =
      HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).softbreak("<br />").build();

  private Markdown() {}

  /** The HTML for {@code markdown}, without the trailing newline. */
  public static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown)).strip();
  }
}
