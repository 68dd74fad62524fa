package dev.steward.bots.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.steward.client.UserId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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

  /**
   * The launcher's class-data archive: a bot's first run records it (the JVM writes it at exit), later runs map it, a
   * rebuilt jar gets an archive of its own and the recording of that one removes the earlier jar's.
   */
  @Test
  void theLauncherRecordsAnArchiveOnceAJarAndKeepsOnlyTheNewest(@TempDir Path dir) throws Exception {
    Path jdk = Files.createDirectories(dir.resolve("jdk/bin"));
    Files.writeString(dir.resolve("jdk/release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"17.0.15\"\n");
    Path java = jdk.resolve("java");
    // Writes the archive it is asked to record, as the JVM does at exit, and prints its arguments.
    Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do case $a in -XX:ArchiveClassesAtExit=*) "
        + "echo archive > \"${a#-XX:ArchiveClassesAtExit=}\";; esac; done\necho \"$@\"\n");
    assertThat(java.toFile().setExecutable(true)).isTrue();
    Path jar = dir.resolve("steward.jar");
    Files.writeString(jar, "version 1");
    Path cds = dir.resolve("cds");

    String first = launch(java, jar, cds, "run");
    assertThat(first).contains("-XX:ArchiveClassesAtExit=").doesNotContain("SharedArchiveFile");
    List<Path> archives = archives(cds);
    assertThat(archives).hasSize(1);
    assertThat(archives.get(0).getFileName().toString()).matches("steward-17-\\d+\\.jsa");
    assertThat(launch(java, jar, cds, "run")).contains("-XX:SharedArchiveFile=" + archives.get(0))
        .doesNotContain("ArchiveClassesAtExit");
    assertThat(launch(java, jar, cds, "version")).contains("-XX:SharedArchiveFile=" + archives.get(0));

    Files.writeString(jar, "version 2, a rebuilt jar");
    assertThat(launch(java, jar, cds, "version")).doesNotContain("SharedArchiveFile").doesNotContain("ArchiveClasses");
    assertThat(launch(java, jar, cds, "run")).contains("-XX:ArchiveClassesAtExit=");
    List<Path> after = archives(cds);
    assertThat(after).hasSize(1).doesNotContain(archives.get(0));
    assertThat(launch(java, jar, cds, "run")).contains("-XX:SharedArchiveFile=" + after.get(0));
  }

  private static String launch(Path java, Path jar, Path cds, String command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("/bin/bash", Path.of("../scripts/steward").toString(), command)
        .redirectErrorStream(true);
    pb.environment().put("JAVA", java.toString());
    pb.environment().put("STEWARD_JAR", jar.toString());
    pb.environment().put("STEWARD_CDS", cds.toString());
    pb.environment().remove("STEWARD_JAVA_OPTS");
    Process p = pb.start();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    String output = new String(p.getInputStream().readAllBytes());
    assertThat(p.exitValue()).as(output).isZero();
    return output;
  }

  private static List<Path> archives(Path cds) throws Exception {
    try (var files = Files.list(cds)) {
      return files.sorted().toList();
    }
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
