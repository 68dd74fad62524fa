package dev.steward.bots.autojoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.bot.config.ConfigException;
import dev.steward.bot.config.ConfigLoader;
import dev.steward.client.UserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AutoJoinSettingsTest {
  private static AutoJoinSettings bind(String section) {
    String yaml = "homeserver: {url: 'http://127.0.0.1:8008'}\nauth: {user_id: '@bot:localhost', password: x}\n"
        + "bots:\n  autojoin:\n" + section.indent(4);
    return ConfigLoader.loadString(yaml, name -> null).botSection("autojoin").orElseThrow()
        .bind(AutoJoinSettings.class);
  }

  @Test
  void bindsUsersServersAndRejectOthers() {
    AutoJoinSettings s = bind("users: ['@alice:example.org']\nservers: [trusted.org]\nreject_others: false");

    assertThat(s.match(UserId.of("@alice:example.org"))).contains("user @alice:example.org");
    assertThat(s.match(UserId.of("@zed:trusted.org"))).contains("server trusted.org");
    assertThat(s.match(UserId.of("@alice:example.org.evil"))).isEmpty();
    assertThat(s.rejectOthers()).isFalse();
  }

  @Test
  void anEmptySectionAcceptsNobodyAndRejectsTheRest() {
    AutoJoinSettings s = bind("enabled: true");

    assertThat(s.acceptsNobody()).isTrue();
    assertThat(s.rejectOthers()).isTrue();
    assertThat(s.match(UserId.of("@alice:example.org"))).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"'@\u0430lice:example.org'", "'@alice\u200b:example.org'", "'@alice:ex\u0430mple.org'",
      "'@alice:example.org\u200b'", "'alice:example.org'", "'@alice'"})
  void aNonAsciiLookAlikeOrMalformedUserInTheListIsAConfigErrorNamingTheEntry(String entry) {
    assertThatThrownBy(() -> bind("users: ['@ok:example.org', " + entry + "]"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bots.autojoin.users[1]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"'ex\u0430mple.org'", "'example.org\u200b'", "'*.example.org'", "'@example.org'"})
  void aLookAlikeOrPatternServerIsAConfigErrorNamingTheEntry(String entry) {
    assertThatThrownBy(() -> bind("servers: [" + entry + "]"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bots.autojoin.servers[0]");
  }

  @Test
  void aMistypedKeyIsAConfigErrorWithASuggestion() {
    assertThatThrownBy(() -> bind("user: ['@alice:example.org']"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("bots.autojoin.user")
        .hasMessageContaining("did you mean 'users'");
  }
}
