package dev.steward.bot.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

/** A bot's own metrics: prefixed names, label pairs, and no Matrix id as a label value. */
class BotMetricsTest {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final BotMetrics metrics = new BotMetrics(registry);

  @Test
  void prefixesNamesAndCountsByLabel() {
    metrics.counter("greeter_greetings", "via", "room").increment();
    metrics.counter("greeter_greetings", "via", "room").increment();
    metrics.counter("greeter_greetings", "via", "direct").increment();
    metrics.timer("greeter_render").record(java.time.Duration.ofMillis(3));

    assertThat(registry.scrape()).contains("steward_bot_greeter_greetings_total{via=\"room\"} 2.0")
        .contains("steward_bot_greeter_greetings_total{via=\"direct\"} 1.0")
        .contains("steward_bot_greeter_render_seconds_count 1");
  }

  @Test
  void refusesIdsAsLabelValuesAndNamesThatAreNotSnakeCase() {
    assertThatThrownBy(() -> metrics.counter("bans", "user", "@spammer:example.org"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label user").hasMessageContaining("id");
    assertThatThrownBy(() -> metrics.counter("bans", "room", "!abc:example.org"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("bans", "event", "$opaqueEventId"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> metrics.counter("Bans-Total")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("snake_case");
    assertThatThrownBy(() -> metrics.counter("bans", "kind")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pairs");
    assertThat(registry.getMeters()).isEmpty();
  }
}
