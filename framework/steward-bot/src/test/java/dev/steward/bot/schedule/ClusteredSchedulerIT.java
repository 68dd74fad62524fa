package dev.steward.bot.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.Scheduled;
import dev.steward.bot.config.SchedulerConfig;
import dev.steward.bot.store.StewardStore;
import dev.steward.client.MatrixClient;
import dev.steward.client.testing.Await;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two clustered scheduler instances, each with its own store and pool, on one PostgreSQL: every job runs once, and
 * the due job of an instance that dies (a child JVM, killed) is run by the other. Effects are rows in a table,
 * written by whichever instance ran the job.
 */
class ClusteredSchedulerIT {
  private static final MatrixClient CLIENT = MatrixClient.builder().homeserver("http://127.0.0.1:9").build();
  private static final Duration CHECKIN = Duration.ofSeconds(1);

  private final List<Instance> instances = new ArrayList<>();
  private Process deadNode;

  /** One "process": its own pool on the shared database and its own scheduler. */
  private final class Instance {
    final String id;
    final StewardStore store;
    final StewardScheduler scheduler;

    Instance(String id, Object... beans) {
      this.id = id;
      store = StewardStore.open(SharedPostgres.URL, SharedPostgres.USER, SharedPostgres.PASSWORD);
      scheduler = StewardScheduler.create(new SchedulerConfig(4, true, id, CHECKIN), store.dataSource(), CLIENT);
      scheduler.delayedActions().register("test.effect", (client, data) -> effect(store.dataSource(), data.get("n"),
          id));
      scheduler.delayedActions().register("test.stall", (client, data) -> {
        effect(store.dataSource(), "started", id);
        effect(store.dataSource(), "done", id);
      });
      for (Object bean : beans) {
        scheduler.register(bean);
      }
      instances.add(this);
    }

    Instance start() {
      scheduler.start();
      return this;
    }
  }

  /** Fires every second on whichever instance gets it, writing one row per run. */
  static final class EverySecond {
    final DataSource dataSource;
    final String id;

    EverySecond(DataSource dataSource, String id) {
      this.dataSource = dataSource;
      this.id = id;
    }

    @Scheduled(cron = "* * * * * ?")
    void tick() throws SQLException {
      effect(dataSource, "tick", id);
    }
  }

  @BeforeAll
  static void database() throws Exception {
    SharedPostgres.ensure();
  }

  @BeforeEach
  void cleanTables() throws SQLException {
    SharedPostgres.clean();
  }

  @AfterEach
  void stopAll() throws InterruptedException {
    if (deadNode != null) {
      deadNode.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    for (Instance i : instances) {
      i.scheduler.close();
      i.store.close();
    }
  }

  static void effect(DataSource dataSource, String what, String instance) throws SQLException {
    try (Connection c = dataSource.getConnection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO sched_effect (what, instance, at) VALUES (?, ?, ?)")) {
      ps.setString(1, what);
      ps.setString(2, instance);
      ps.setLong(3, System.currentTimeMillis());
      ps.executeUpdate();
    }
  }

  private List<String[]> effects(DataSource dataSource) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT what, instance, at FROM sched_effect ORDER BY at")) {
      while (rs.next()) {
        rows.add(new String[] {rs.getString(1), rs.getString(2), Long.toString(rs.getLong(3))});
      }
    }
    return rows;
  }

  private void effectsTable(DataSource dataSource) throws SQLException {
    try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS sched_effect (what VARCHAR(50), instance VARCHAR(50), at BIGINT)");
    }
  }

  @Test
  void eachDelayedActionRunsOnceAcrossTwoInstances() throws SQLException {
    Instance a = new Instance("node-a").start();
    Instance b = new Instance("node-b").start();
    effectsTable(a.store.dataSource());
    Instant due = Instant.now().plusSeconds(2);
    for (int n = 0; n < 20; n++) {
      Instance from = n % 2 == 0 ? a : b;
      from.scheduler.delayedActions().schedule("test.effect", Map.of("n", "action-" + n), due.plusMillis(50L * n));
    }

    Await.until(Duration.ofSeconds(30), "20 effects", () -> {
      try {
        return effects(a.store.dataSource()).size() >= 20 ? Optional.of(true) : Optional.empty();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    sleep(3_000); // time for a duplicate to show up, if the cluster let one through

    List<String[]> rows = effects(a.store.dataSource());
    assertThat(rows).hasSize(20);
    assertThat(rows.stream().map(r -> r[0]).distinct()).hasSize(20);
  }

  @Test
  void everyCronFiringRunsOnceAcrossTwoInstances() throws SQLException {
    StewardStore shared = StewardStore.open(SharedPostgres.URL, SharedPostgres.USER, SharedPostgres.PASSWORD);
    try {
      effectsTable(shared.dataSource());
    } finally {
      shared.close();
    }
    FiringLog log = new FiringLog();
    Instance a = new Instance("node-a");
    a.scheduler.register(new EverySecond(a.store.dataSource(), "node-a"));
    log.listenTo(a.scheduler, "node-a");
    Instance b = new Instance("node-b");
    b.scheduler.register(new EverySecond(b.store.dataSource(), "node-b"));
    log.listenTo(b.scheduler, "node-b");
    Instant startedAt = Instant.now();
    a.start();
    b.start();

    sleep(7_000);
    // Stopping waits for running jobs: every run that started has written its row before the rows are counted.
    a.scheduler.close();
    b.scheduler.close();
    Instant stoppedAt = Instant.now();

    List<FiringLog.Run> runs = log.runs();
    // The property itself: no fire time of the cron ran twice, whether on one instance or on both. Counting runs in
    // a window cannot tell this apart from a late start-up or a run that came late and was followed at once by the
    // next one; the scheduled fire time of each run can.
    assertThat(log.repeatedFireTimes()).as("fire times run more than once (with the instances that ran them); runs: %s",
        runs).isEmpty();
    // Every run is for a whole second after the schedule was stored, not for one already gone at start-up.
    assertThat(runs).as("runs between %s and %s", startedAt, stoppedAt).allSatisfy(run -> {
      assertThat(run.scheduled().getNano()).as("fraction of a second of %s", run.scheduled()).isZero();
      assertThat(run.scheduled()).isAfter(startedAt).isBefore(stoppedAt);
    });
    // Loosely: about one run a second, a few lost to start-up and to late runs cut off by the stop on a busy machine.
    long seconds = Duration.between(startedAt, stoppedAt).toSeconds();
    assertThat(runs.size()).as("runs of a once-a-second cron in %d seconds: %s", seconds, runs)
        .isBetween(4, (int) seconds + 1);
    // What the listener saw is what the method did: one row per run.
    assertThat(effects(a.store.dataSource())).as("rows written by the runs").hasSize(runs.size());
  }

  /**
   * node-a runs in a JVM of its own and is killed while its action runs: a scheduler shut down in this JVM would
   * leave the job's thread alive, and when that thread came back its shut-down store refused the completion
   * ("JobStore is shutdown - aborting retry", logged as an ERROR), which no crashed process does.
   */
  @Test
  void theDueJobOfADeadInstanceRunsOnTheOther() throws Exception {
    Instance b = new Instance("node-b");
    effectsTable(b.store.dataSource());
    deadNode = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), StallingNodeMain.class.getName(),
        CHECKIN.toString())
        .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    Await.until(Duration.ofSeconds(60), "node-a starting the action", () -> {
      try {
        return effects(b.store.dataSource()).isEmpty() ? Optional.empty() : Optional.of(true);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    b.start();

    deadNode.destroyForcibly().waitFor(10, TimeUnit.SECONDS);

    Await.until(Duration.ofSeconds(45), "node-b running the action of dead node-a", () -> {
      try {
        return effects(b.store.dataSource()).stream().anyMatch(r -> r[0].equals("done"))
            ? Optional.of(true) : Optional.empty();
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
    sleep(2_000);
    List<String> rows = effects(b.store.dataSource()).stream().map(r -> r[0] + "@" + r[1]).toList();
    assertThat(rows).containsExactly("started@node-a", "started@node-b", "done@node-b");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
