package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

  @Test
  void userIdExposesLocalpartAndServer() {
    UserId id = UserId.of("@alice:example.org:8448");
    assertThat(id.localpart()).isEqualTo("alice");
    assertThat(id.server()).isEqualTo(ServerName.of("example.org:8448"));
    assertThat(id.toString()).isEqualTo("@alice:example.org:8448");
  }

  @ParameterizedTest
  @ValueSource(strings = {"@bot:localhost", "@a.b_c=d-e/f+g:matrix.org", "@OldStyle:1.2.3.4:8008",
      "@x:[::1]:8448", "@x:[2001:db8::1]"})
  void acceptsValidUserIds(String value) {
    assertThat(UserId.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"alice:example.org", "@alice", "@:example.org", "@alice:", "@al ice:example.org",
      "@alice:exa mple.org", "@alice:example.org:99999", "@аlice:example.org", "@alice\u200b:example.org",
      "@alice:bad_host!"})
  void rejectsInvalidUserIdsQuotingThem(String value) {
    assertThatThrownBy(() -> UserId.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + value + "'");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$ab c", "$ab\tc", "$ab\u0000c", "$ab\u0007c", "$ab\u007fc", "$ab\u0085c", "$ab\u2003c",
      "$abc\n"})
  void rejectsEventIdsWithWhitespaceOrControlCharactersOfAnyRange(String value) {
    assertThatThrownBy(() -> EventId.of(value)).hasMessageContaining("whitespace or a control character");
  }

  @ParameterizedTest
  @ValueSource(strings = {"$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg", "$abc:example.org", "$ä€😀~!\"'<>"})
  void acceptsEventIdsOfPrintableCharacters(String value) {
    assertThat(EventId.of(value).value()).isEqualTo(value);
  }

  @Test
  void rejectsNullWithAClearMessage() {
    assertThatThrownBy(() -> UserId.of(null)).hasMessage("user id must not be null");
  }

  @Test
  void rejectsIdsLongerThan255Bytes() {
    String value = "@" + "a".repeat(250) + ":example.org";
    assertThatThrownBy(() -> UserId.of(value)).hasMessageContaining("longer than 255 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"!abc:example.org", "!opaqueRoomV12hashWithoutServer", "!a-b_c:localhost:8008"})
  void acceptsRoomIdsWithAndWithoutServerPart(String value) {
    assertThat(RoomId.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "!", "#abc:example.org", "!:example.org", "!abc:", "!ab c:example.org"})
  void rejectsInvalidRoomIds(String value) {
    assertThatThrownBy(() -> RoomId.of(value)).hasMessageContaining("invalid room id '" + value + "'");
  }

  @Test
  void eventIdsMayBeOpaqueHashes() {
    assertThat(EventId.of("$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg").value()).startsWith("$Rqnc");
    assertThat(EventId.of("$old:example.org").value()).isEqualTo("$old:example.org");
    assertThatThrownBy(() -> EventId.of("Rqnc")).hasMessageContaining("must start with '$'");
  }

  @Test
  void roomAliasNeedsServer() {
    RoomAlias alias = RoomAlias.of("#lobby:example.org");
    assertThat(alias.localpart()).isEqualTo("lobby");
    assertThat(alias.server().value()).isEqualTo("example.org");
    assertThatThrownBy(() -> RoomAlias.of("#lobby")).hasMessageContaining("has no ':server' part");
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.org", "localhost:8008", "1.2.3.4", "[1234:5678::abcd]:443"})
  void acceptsServerNames(String value) {
    assertThat(ServerName.of(value).value()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "exa_mple.org", "example.org:", "example.org:port", "[nothex]", "host:70000"})
  void rejectsServerNames(String value) {
    assertThatThrownBy(() -> ServerName.of(value)).hasMessageContaining("invalid server name '" + value + "'");
  }
}
