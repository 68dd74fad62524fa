package dev.steward.bot.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.UserId;
import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesMarkupFromUntrustedText() {
    assertThat(Html.escape("<b>Bob</b> & \"friends\" 'x'"))
        .isEqualTo("&lt;b&gt;Bob&lt;/b&gt; &amp; &quot;friends&quot; &#39;x&#39;");
  }

  @Test
  void pillLinksToTheUserAndEscapesTheDisplayName() {
    assertThat(Html.pill(UserId.of("@bob:example.org"), "<img src=x onerror=alert(1)>"))
        .isEqualTo("<a href=\"https://matrix.to/#/%40bob%3Aexample.org\">&lt;img src=x onerror=alert(1)&gt;</a>");
  }

  @Test
  void pillWithoutDisplayNameShowsTheId() {
    assertThat(Html.pill(UserId.of("@bob:example.org"), " ")).endsWith(">@bob:example.org</a>");
  }

  @Test
  void markdownRendersAndEscapesRawHtml() {
    assertThat(Markdown.toHtml("*hi* <i>x</i>")).isEqualTo("<p><em>hi</em> &lt;i&gt;x&lt;/i&gt;</p>");
  }
}
