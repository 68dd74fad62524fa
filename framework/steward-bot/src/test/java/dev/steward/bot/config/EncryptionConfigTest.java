package dev.steward.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EncryptionConfigTest {
  private static final String BASE = """
      homeserver:
        url: http://127.0.0.1:8008
      auth:
        user_id: "@bot:localhost"
        password: secret
      """;
  private static final String KEY = "a passphrase of some length";

  private static StewardConfig load(String extra) {
    return ConfigLoader.loadString(BASE + extra, Map.of("STEWARD_STORE_KEY", KEY)::get);
  }

  private static ConfigException failure(String yaml) {
    return catchThrowableOfType(() -> load(yaml), ConfigException.class);
  }

  private static void failsAt(String yaml, String... keys) {
    assertThat(failure(yaml).problems()).extracting(ConfigProblem::path).containsExactlyInAnyOrder(keys);
  }

  @Test
  void offWhenAbsentWithTenMinutesOfKeyWaitAndCrossSigning() {
    EncryptionConfig encryption = load("").encryption();

    assertThat(encryption).isEqualTo(EncryptionConfig.defaults());
    assertThat(encryption.enabled()).isFalse();
    assertThat(encryption.storeKey()).isEmpty();
    assertThat(encryption.keyWait()).isEqualTo(Duration.ofMinutes(10));
    assertThat(encryption.crossSigning()).isTrue();
  }

  @Test
  void bindsEveryKeyWithTheStoreKeyFromTheEnvironment() {
    EncryptionConfig encryption = load("""
        encryption:
          enabled: true
          store_key: ${STEWARD_STORE_KEY}
          key_wait: 90s
          cross_signing: false
        """).encryption();

    assertThat(encryption).isEqualTo(new EncryptionConfig(true, Optional.of(KEY), Duration.ofSeconds(90), false));
  }

  @Test
  void enabledWithoutAStoreKeyNamesIt() {
    ConfigException e = failure("encryption: {enabled: true}");

    assertThat(e.problems()).extracting(ConfigProblem::path).containsExactly("encryption.store_key");
    assertThat(e.getMessage()).contains("is required when encryption.enabled is true");
    // An unset variable with an empty default is no key either.
    failsAt("encryption: {enabled: true, store_key: '${STEWARD_UNSET_STORE_KEY:-}'}", "encryption.store_key");
  }

  @Test
  void anUnsetVariableNamesTheKeyAndTheVariable() {
    ConfigException e = failure("encryption: {enabled: true, store_key: '${STEWARD_UNSET_STORE_KEY}'}");

    assertThat(e.path()).isEqualTo("encryption.store_key");
    assertThat(e.getMessage()).contains("STEWARD_UNSET_STORE_KEY");
  }

  @Test
  void aShortStoreKeyIsRefused() {
    failsAt("encryption: {enabled: true, store_key: short}", "encryption.store_key");
  }

  @Test
  void anUnknownKeyIsNamedWithAGuess() {
    ConfigException e = failure("encryption: {enabled: true, store_key: '" + KEY + "', keywait: 5m}");

    assertThat(e.path()).isEqualTo("encryption.keywait");
    assertThat(e.getMessage()).contains("known keys: cross_signing, enabled, key_wait, store_key")
        .contains("did you mean 'key_wait'?");
  }

  @Test
  void aBadKeyWaitIsNamed() {
    failsAt("encryption: {key_wait: ten minutes}", "encryption.key_wait");
    failsAt("encryption: {key_wait: 0s}", "encryption.key_wait");
    failsAt("encryption: {key_wait: 2d}", "encryption.key_wait");
    assertThat(load("encryption: {key_wait: PT1H}").encryption().keyWait()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void everyProblemOfTheSectionIsReportedAtOnce() {
    failsAt("encryption: {enabled: yes please}", "encryption.enabled");
    failsAt("encryption: {enabled: true, key_wait: 0s}", "encryption.store_key", "encryption.key_wait");
  }

  @Test
  void oneDeviceCannotBeSharedByAClusteredScheduler() {
    failsAt("""
        storage: {url: 'jdbc:postgresql://127.0.0.1:5432/steward'}
        scheduler: {cluster: true}
        encryption: {enabled: true, store_key: '%s'}
        """.formatted(KEY), "encryption.enabled");
  }

  @Test
  void theStoreKeyIsNeverPrinted() {
    EncryptionConfig encryption = new EncryptionConfig(true, Optional.of(KEY), Duration.ofMinutes(10), true);

    assertThat(encryption.toString()).doesNotContain(KEY).contains("storeKey=<hidden>").contains("keyWait=10m");
    assertThat(load("encryption: {enabled: true, store_key: '" + KEY + "'}").toString()).doesNotContain(KEY);
  }

  @Test
  void theBuilderTakesTheSection() {
    StewardConfig config = StewardConfig.builder().homeserver("http://127.0.0.1:8008")
        .password(dev.steward.client.UserId.of("@bot:localhost"), "secret")
        .encryption(new EncryptionConfig(true, Optional.of(KEY), Duration.ofMinutes(1), true)).build();

    assertThat(config.encryption().enabled()).isTrue();
    assertThat(config.encryption().keyWait()).isEqualTo(Duration.ofMinutes(1));
  }
}
