package dev.steward.bots.moderation.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The server ACL the bot writes from what is there, its own earlier entries and what the rules want. */
class ServerAclTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static String content(String current, Set<String> ours, List<String> wanted) throws Exception {
    return ServerAcl.content(current == null ? null : JSON.readTree(current), ours, wanted, "example.org:8448")
        .toString();
  }

  @Test
  void aNewAclAllowsEveryoneElseAndIpLiterals() throws Exception {
    assertThat(content(null, Set.of(), List.of("evil.example", "*.bad.example"))).isEqualTo(
        "{\"allow\":[\"*\"],\"deny\":[\"*.bad.example\",\"evil.example\"],\"allow_ip_literals\":true}");
  }

  @Test
  void handEntriesAndIpLiteralsStayAndOnlyTheBotsOwnEntriesGo() throws Exception {
    String current = "{\"allow\":[\"*\"],\"deny\":[\"hand.example\",\"old.example\"],\"allow_ip_literals\":false}";

    assertThat(content(current, Set.of("old.example"), List.of("new.example"))).isEqualTo(
        "{\"allow\":[\"*\"],\"deny\":[\"hand.example\",\"new.example\"],\"allow_ip_literals\":false}");
  }

  @Test
  void anAllowListIsKeptWhenItAdmitsTheBotsServerAndReplacedWhenItWouldShutItOut() throws Exception {
    assertThat(content("{\"allow\":[\"*.org\"],\"deny\":[]}", Set.of(), List.of("x.example")))
        .startsWith("{\"allow\":[\"*.org\"],");
    assertThat(content("{\"allow\":[\"friends.example\"],\"deny\":[]}", Set.of(), List.of()))
        .startsWith("{\"allow\":[\"*\"],");
  }

  @Test
  void aServerNamesHostIsItsNameWithoutThePort() {
    assertThat(ServerAcl.host("example.org:8448")).isEqualTo("example.org");
    assertThat(ServerAcl.host("[::1]")).isEqualTo("[::1]");
    assertThat(ServerAcl.host("[::1]:8448")).isEqualTo("[::1]");
    assertThat(ServerAcl.host("example.org")).isEqualTo("example.org");
  }
}
