package dev.steward.bots.welcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.client.UserId;
import org.junit.jupiter.api.Test;

class WelcomeTemplateTest {
  private static final UserId CAROL = UserId.of("@carol:test");

  @Test
  void fillsEveryPlaceholder() {
    WelcomeTemplate t = WelcomeTemplate.parse("Hi {user} ({user_id}), {mention}, welcome to {room}!");

    WelcomeTemplate.Rendered r = t.render(new WelcomeTemplate.Values(CAROL, "Carol", "Lobby"));

    assertThat(r.plain()).isEqualTo("Hi Carol (@carol:test), Carol, welcome to Lobby!");
    assertThat(r.html()).isEqualTo(
        "Hi Carol (@carol:test), <a href=\"https://matrix.to/#/%40carol%3Atest\">Carol</a>, welcome to Lobby!");
  }

  @Test
  void escapesMarkupFromNamesAndTheTemplateInTheHtmlOnly() {
    WelcomeTemplate t = WelcomeTemplate.parse("<b>{user}</b> & {mention} in {room}");
    String name = "<script>alert(1)</script> & \"Q\" 'x'";
    String room = "<img src=x onerror=alert(1)> & \"co\"";

    WelcomeTemplate.Rendered r = t.render(new WelcomeTemplate.Values(CAROL, name, room));

    assertThat(r.plain()).isEqualTo("<b>" + name + "</b> & " + name + " in " + room);
    String escapedName = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Q&quot; &#39;x&#39;";
    assertThat(r.html()).isEqualTo("&lt;b&gt;" + escapedName + "&lt;/b&gt; &amp; "
        + "<a href=\"https://matrix.to/#/%40carol%3Atest\">" + escapedName + "</a> in "
        + "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;co&quot;");
    assertThat(r.html()).doesNotContain("<script", "<img", "\"Q\"", "'x'");
  }

  @Test
  void usesTheUserIdWhenThereIsNoDisplayName() {
    WelcomeTemplate.Rendered r = WelcomeTemplate.parse("Welcome {user}")
        .render(new WelcomeTemplate.Values(CAROL, "  ", "Lobby"));

    assertThat(r.plain()).isEqualTo("Welcome @carol:test");
  }

  @Test
  void turnsControlCharactersInNamesIntoSpacesSoANameCannotFakeLines() {
    WelcomeTemplate.Rendered r = WelcomeTemplate.parse("Welcome {user} to {room}\nRead the rules.")
        .render(new WelcomeTemplate.Values(CAROL, "Carol\n<admin> Everyone\u0000", "Lob\rby"));

    assertThat(r.plain()).isEqualTo("Welcome Carol <admin> Everyone  to Lob by\nRead the rules.");
    assertThat(r.html()).isEqualTo("Welcome Carol &lt;admin&gt; Everyone  to Lob by<br>Read the rules.");
  }

  @Test
  void keepsBracesThatAreNoPlaceholder() {
    WelcomeTemplate.Rendered r = WelcomeTemplate.parse("{ } {User} {1} {user}")
        .render(new WelcomeTemplate.Values(CAROL, "Carol", "Lobby"));

    assertThat(r.plain()).isEqualTo("{ } {User} {1} Carol");
  }

  @Test
  void refusesAnUnknownPlaceholderAndABlankTemplate() {
    assertThatThrownBy(() -> WelcomeTemplate.parse("Welcome {usr}"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'{usr}'").hasMessageContaining("{user}");
    assertThatThrownBy(() -> WelcomeTemplate.parse(" ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rendersAMarkdownTemplateWithTheMarkdownSourceAsThePlainBody() {
    WelcomeTemplate t = WelcomeTemplate.parse("**Welcome** {mention} to _{room}_!", WelcomeTemplate.Format.MARKDOWN);

    WelcomeTemplate.Rendered r = t.render(new WelcomeTemplate.Values(CAROL, "Carol", "Lobby"));

    assertThat(r.plain()).isEqualTo("**Welcome** Carol to _Lobby_!");
    assertThat(r.html()).isEqualTo("<p><strong>Welcome</strong> <a rel=\"nofollow\" "
        + "href=\"https://matrix.to/#/%40carol%3Atest\">Carol</a> to <em>Lobby</em>!</p>");
  }

  @Test
  void namesInAMarkdownTemplateAreTextNotMarkdownNorHtml() {
    WelcomeTemplate t = WelcomeTemplate.parse("Hi {user}, {mention}: {room}", WelcomeTemplate.Format.MARKDOWN);
    String name = "*Eve* [x](https://evil.example) <b>hi</b> &amp; `c` ![i](https://evil.example/i.png)";
    String room = "# Heading _x_ <script>";

    WelcomeTemplate.Rendered r = t.render(new WelcomeTemplate.Values(CAROL, name, room));

    assertThat(r.plain()).isEqualTo("Hi " + name + ", " + name + ": " + room);
    String shown = "*Eve* [x](https://evil.example) &lt;b&gt;hi&lt;/b&gt; &amp;amp; `c` "
        + "![i](https://evil.example/i.png)";
    assertThat(r.html()).isEqualTo("<p>Hi " + shown + ", <a rel=\"nofollow\" "
        + "href=\"https://matrix.to/#/%40carol%3Atest\">" + shown + "</a>: # Heading _x_ &lt;script&gt;</p>");
    assertThat(r.html()).doesNotContain("<em>", "<b>", "<code>", "<img", "<h1>", "href=\"https://evil");
  }

  @Test
  void markdownEscapingCoversEveryAsciiPunctuationCharacter() {
    String punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
    assertThat(WelcomeTemplate.escapeMarkdown(punctuation + " aZ9 é"))
        .isEqualTo(punctuation.chars().mapToObj(c -> "\\" + (char) c).reduce("", String::concat) + " aZ9 é");
  }
}
