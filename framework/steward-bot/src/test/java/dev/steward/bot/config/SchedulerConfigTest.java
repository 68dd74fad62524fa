package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SchedulerConfigTest {
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

  @Test
  void aMissingSectionTakesTheDefaults() {
    assertThat(load("").scheduler()).isEqualTo(SchedulerConfig.defaults());
    assertThat(SchedulerConfig.defaults())
        .isEqualTo(new SchedulerConfig(4, false, "AUTO", Duration.ofSeconds(10)));
  }

  @Test
  void bindsEveryKeyOnPostgres() {
    StewardConfig config = load("""
        storage:
          url: jdbc:postgresql://127.0.0.1:5432/steward
        scheduler:
          threads: 8
          cluster: true
          instance_id: node-a
          cluster_checkin_interval: 2s
        """);

    assertThat(config.scheduler()).isEqualTo(new SchedulerConfig(8, true, "node-a", Duration.ofSeconds(2)));
  }

  @Test
  void clusteringOnH2IsAnErrorAtSchedulerCluster() {
    assertThatThrownBy(() -> load("""
        scheduler:
          cluster: true
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("scheduler.cluster")
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
            .containsExactly("scheduler.cluster"));
  }

  @Test
  void reportsEveryBadValueWithItsKey() {
    assertThatThrownBy(() -> load("""
        scheduler:
          threads: 0
          instance_id: " "
          cluster_checkin_interval: 100ms
          clustered: true
        """))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).extracting(ConfigProblem::path)
            .containsExactlyInAnyOrder("scheduler.threads", "scheduler.instance_id",
                "scheduler.cluster_checkin_interval", "scheduler.clustered"));
  }
}
