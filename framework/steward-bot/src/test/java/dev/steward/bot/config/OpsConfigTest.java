package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpsConfigTest {
  private static final String BASE = """
      homeserver:
        url: http://127.0.0.1:8008
      auth:
        user_id: "@bot:localhost"
        password: secret
      """;

  private static StewardConfig load(String extra) {
    return ConfigLoader.loadString(BASE + extra, Map.<String, String>of()::get);
  }

  private static void failsAt(String yaml, String... keys) {
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
            .containsExactlyInAnyOrder(keys));
  }

  @Test
  void offWhenAbsent() {
    assertThat(load("").ops()).isEqualTo(OpsConfig.defaults());
    assertThat(OpsConfig.defaults().enabled()).isFalse();
  }

  @Test
  void bindsEveryKey() {
    OpsConfig ops = load("""
        ops:
          listen: 127.0.0.1:9464
          alive_within: 90s
          token: s3cret
        """).ops();

    assertThat(ops).isEqualTo(new OpsConfig("127.0.0.1:9464", Duration.ofSeconds(90), "s3cret"));
    assertThat(ops.address().getPort()).isEqualTo(9464);
    assertThat(ops.address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void badAddressesNameTheKey() {
    failsAt("ops: {listen: '9464'}", "ops.listen");
    failsAt("ops: {listen: '127.0.0.1:'}", "ops.listen");
    failsAt("ops: {listen: '127.0.0.1:http'}", "ops.listen");
    failsAt("ops: {listen: '127.0.0.1:70000'}", "ops.listen");
    failsAt("ops: {listen: '127.0.0.1:9464', alive_within: 0s}", "ops.alive_within");
  }

  @Test
  void beyondLoopbackATokenIsRequired() {
    failsAt("ops: {listen: '0.0.0.0:9464'}", "ops.token");
    assertThat(load("ops: {listen: '0.0.0.0:9464', token: t}").ops().token()).isEqualTo("t");
    assertThat(load("ops: {listen: '[::1]:9464'}").ops().address().getAddress().isLoopbackAddress()).isTrue();
  }

  @Test
  void theHealthWindowMustOutlastAnIdleSync() {
    failsAt("""
        bot: {sync_timeout: 30s}
        ops: {listen: '127.0.0.1:0', alive_within: 30s}
        """, "ops.alive_within");
    assertThat(load("""
        bot: {sync_timeout: 30s}
        ops: {listen: '127.0.0.1:0', alive_within: 31s}
        """).ops().aliveWithin()).isEqualTo(Duration.ofSeconds(31));
  }
}
