package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store contract on a real PostgreSQL at 127.0.0.1:5432. When none answers, the test starts one with
 * {@code scripts/dev-postgres.sh start} (installing it on a fresh machine) and fails with the script's output if
 * that does not work: it never skips.
 */
class PostgresStoreIT extends StoreContract {
  private static final String URL = "jdbc:postgresql://127.0.0.1:5432/steward_test";
  private static final String USER = "steward";
  private static final String PASSWORD = "steward";
  private static final String SCRIPT = "scripts/dev-postgres.sh";

  @Override
  protected StewardStore openStore() {
    return StewardStore.open(URL, USER, PASSWORD);
  }

  @BeforeAll
  static void ensurePostgresIsRunning() throws Exception {
    if (connectionProblem() == null) {
      return;
    }
    Path root = projectRoot();
    Process script = new ProcessBuilder("bash", SCRIPT, "start").directory(root.toFile())
        .redirectErrorStream(true).start();
    CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(script));
    // A fresh machine installs PostgreSQL from Debian packages first, which takes a few minutes.
    if (!script.waitFor(15, TimeUnit.MINUTES)) {
      script.destroyForcibly();
      fail(SCRIPT + " start did not finish within 15 minutes:%n%s", output.getNow("(no output)"));
    }
    String printed = output.get(30, TimeUnit.SECONDS);
    if (script.exitValue() != 0) {
      fail(SCRIPT + " start failed with exit code %d:%n%s", script.exitValue(), printed);
    }
    String problem = connectionProblem();
    if (problem != null) {
      fail("PostgreSQL still refuses %s after %s start: %s%nScript output:%n%s", URL, SCRIPT, problem, printed);
    }
  }

  /** Why the test database cannot be used, or null when it can. */
  private static String connectionProblem() {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    props.setProperty("connectTimeout", "5");
    try (Connection ignored = DriverManager.getConnection(URL, props)) {
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  /** The checkout root: the first folder at or above the working directory that holds the script. */
  private static Path projectRoot() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SCRIPT))) {
        return dir;
      }
    }
    return fail("PostgreSQL is not reachable at %s and no %s was found at or above %s", URL, SCRIPT, start);
  }

  private static String readAll(Process process) {
    try {
      return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --- several processes on one database (only PostgreSQL can be shared)

  @Test
  void twoProcessesClaimingTheSameBatchesGetEachEventOnce() throws Exception {
    List<String> ids = IntStream.range(0, 300).mapToObj(i -> "$shared" + i).toList();
    try (StewardStore other = openStore()) {
      List<EventDedupe> processes = List.of(store.dedupe(account, "host-a", 1000),
          other.dedupe(account, "host-b", 1000));
      Map<String, Integer> wins = new ConcurrentHashMap<>();
      List<CompletableFuture<Void>> racers = new ArrayList<>();
      for (EventDedupe dedupe : processes) {
        racers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < ids.size(); i += 30) { // batches of 30, as a sync batch would come
            dedupe.claim(ids.subList(i, i + 30)).forEach(id -> wins.merge(id, 1, Integer::sum));
          }
        }));
      }
      CompletableFuture.allOf(racers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

      assertThat(wins).hasSize(ids.size());
      assertThat(wins.values()).containsOnly(1);
    }
  }

  @Test
  void aRestartReleasesOnlyItsOwnUnfinishedClaims() {
    try (StewardStore other = openStore()) {
      other.dedupe(account, "host-b", 100).claim(List.of("$busy-elsewhere"));
      store.dedupe(account, "host-a", 100).claim(List.of("$mine"));

      EventDedupe restarted = restart().dedupe(account, "host-a", 100);
      restarted.releaseUnfinished();

      assertThat(restarted.claim(List.of("$mine", "$busy-elsewhere"))).containsExactly("$mine");
    }
  }
}
