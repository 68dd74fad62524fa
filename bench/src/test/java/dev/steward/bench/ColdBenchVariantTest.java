package dev.steward.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code cold} variants as given on the command line, and the summary's ratios; starts no process. */
class ColdBenchVariantTest {
  @Test
  void aNodeVariantNamesItsScriptAndTakesNodeOptions() {
    ColdBench.Variant v = ColdBench.Variant.parse(
        "sdk=node,script=bench/node/sdk-bot.js,node=/usr/bin/node,opts=--max-old-space-size=256 --no-warnings");

    assertThat(v.label()).isEqualTo("sdk");
    assertThat(v.kind()).isEqualTo("node");
    assertThat(v.script()).isEqualTo(Path.of("bench/node/sdk-bot.js"));
    assertThat(v.node()).isEqualTo("/usr/bin/node");
    assertThat(v.opts()).containsExactly("--max-old-space-size=256", "--no-warnings");
    assertThat(v.baseline()).isFalse();
    assertThat(v.ref()).isFalse();
  }

  @Test
  void nodeComesFromThePathUnlessGiven() {
    ColdBench.Variant v = ColdBench.Variant.parse("node-baseline=node,script=bench/node/baseline.js,ref=true");

    assertThat(v.node()).isEqualTo("node");
    assertThat(v.opts()).isEmpty();
    assertThat(v.ref()).isTrue();
  }

  @Test
  void theJavaKindsParseAsBefore() {
    ColdBench.Variant v = ColdBench.Variant.parse(
        "baseline-launcher-flags=baseline,opts=-XX:+UseSerialGC -Xms16m -Xmx256m -Xss512k -XX:TieredStopAtLevel=1");

    assertThat(v.kind()).isEqualTo("baseline");
    assertThat(v.baseline()).isTrue();
    assertThat(v.opts()).containsExactly("-XX:+UseSerialGC", "-Xms16m", "-Xmx256m", "-Xss512k",
        "-XX:TieredStopAtLevel=1");
    assertThat(v.script()).isNull();
    assertThat(ColdBench.Variant.parse("launcher=launcher,restart=true").restart()).isTrue();
  }

  @Test
  void aBadVariantSaysWhatIsWrong() {
    assertThatThrownBy(() -> ColdBench.Variant.parse("n=node"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("script=PATH");
    assertThatThrownBy(() -> ColdBench.Variant.parse("b=baseline,script=x.js"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for kind node only");
    assertThatThrownBy(() -> ColdBench.Variant.parse("b=baseline,node=/usr/bin/node"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("for kind node only");
    assertThatThrownBy(() -> ColdBench.Variant.parse("p=python,script=x.py"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("steward, launcher, baseline or node");
    assertThatThrownBy(() -> ColdBench.Variant.parse("n=node,script"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not key=value");
  }

  @Test
  void aNodeVariantWhosePackagesAreMissingNamesTheInstallScript(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("package.json"), "{}");
    Files.writeString(dir.resolve("bot.js"), "");
    ColdBench.Variant v = ColdBench.Variant.parse("n=node,script=" + dir.resolve("bot.js"));

    assertThatThrownBy(v::checkInstalled).hasMessageContaining("scripts/bench-node.sh");
    Files.createDirectory(dir.resolve("node_modules"));
    v.checkInstalled();
    assertThatThrownBy(ColdBench.Variant.parse("n=node,script=" + dir.resolve("gone.js"))::checkInstalled)
        .hasMessageContaining("no script");
  }

  @Test
  void theSummaryGivesRatiosToEveryReferenceVariant() {
    List<ColdBench.Variant> variants = List.of(ColdBench.Variant.parse("java=baseline,ref=true"),
        ColdBench.Variant.parse("js=node,script=baseline.js,ref=true"),
        ColdBench.Variant.parse("sdk=node,script=sdk-bot.js"));
    List<ColdBench.Run> runs = List.of(new ColdBench.Run("java", 10_000, 1, 3, 2, 4, 80, 5),
        new ColdBench.Run("js", 10_000, 1, 2, 1, 2, 70, 5), new ColdBench.Run("sdk", 10_000, 1, 5, 4, 8, 160, 900));

    String table = ColdBench.table(variants, runs);

    assertThat(table).contains("| throughput / java | CPU / java | throughput / js | CPU / js |");
    // sdk: 2,500 events/s against 5,000 (java) and 10,000 (js); CPU 8 s against 4 s and 2 s
    assertThat(table).contains("| sdk | 1.00 (1.00–1.00) s | 5.00 (5.00–5.00) s | 2,500 (2,500–2,500) | "
        + "8.00 (8.00–8.00) s | 160 (160–160) MiB | 0.50× | 2.00× | 0.25× | 4.00× |");
  }
}
