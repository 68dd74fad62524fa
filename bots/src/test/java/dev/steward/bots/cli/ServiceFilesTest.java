package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steward.client.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped systemd units agree with the CLI: its command, its config-error exit code, init's ops address. */
class ServiceFilesTest {
  private static final Path UNITS = Path.of("../deploy/systemd");

  @Test
  void theServiceRunsTheCliAndNeverRestartsOnABadConfig() throws Exception {
    String service = Files.readString(UNITS.resolve("steward.service"));
    assertThat(service).contains("ExecStart=/bin/bash /opt/steward/steward run --config /etc/steward/steward.yaml")
        .contains("Environment=STEWARD_JAR=/opt/steward/steward.jar")
        .contains("install -D -m 0755 scripts/steward /opt/steward/steward")
        .contains("RestartPreventExitStatus=" + StewardCli.CONFIG_ERROR)
        .contains("Environment=" + StewardCli.LOG_FORMAT + "=json")
        .contains("NoNewPrivileges=yes").contains("ProtectSystem=strict");
  }

  @Test
  void theLauncherInstalledAsTheServiceInstallsItRunsTheJarBesideIt(@TempDir Path dir) throws Exception {
    // As the unit's comment installs it: /opt/steward/steward beside /opt/steward/steward.jar, STEWARD_JAR unset.
    Path opt = Files.createDirectories(dir.resolve("opt"));
    Files.copy(Path.of("../scripts/steward"), opt.resolve("steward"));
    Files.writeString(opt.resolve("steward.jar"), "not read: the java below only prints its arguments");
    Path java = dir.resolve("java");
    Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", opt.resolve("steward").toString(), "version")
        .redirectErrorStream(true);
    pb.environment().remove("STEWARD_JAR");
    pb.environment().put("JAVA", java.toString());
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("-XX:+UseSerialGC").contains("-jar " + opt.resolve("steward.jar") + " version");
  }

  @Test
  void theChecksAskTheAddressInitWrites() throws Exception {
    String written = Init.config("http://127.0.0.1:8008", UserId.of("@bot:localhost"), null, "STEWARD_PASSWORD");
    assertThat(written).contains("listen: 127.0.0.1:9464");
    assertThat(Files.readString(UNITS.resolve("steward.service"))).contains("http://127.0.0.1:9464/ready");
    assertThat(Files.readString(UNITS.resolve("steward-health.service"))).contains("http://127.0.0.1:9464/health");
  }

  @Test
  void systemdAcceptsTheUnits() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")), "systemd-analyze is not installed");
    Process p = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", "--man=no",
        UNITS.resolve("steward.service").toString(), UNITS.resolve("steward-health.service").toString(),
        UNITS.resolve("steward-health.timer").toString()).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).as("no warnings").isBlank();
  }
}
