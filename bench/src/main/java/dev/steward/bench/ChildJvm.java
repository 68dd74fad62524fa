package dev.steward.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.steward.client.internal.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a benchmark's side in a JVM of its own, on this JVM's class path, and reads back what it wrote: the child's
 * main class gets its arguments followed by a file to write its result to as JSON. Extra JVM options (JFR, GC logs)
 * come from {@code STEWARD_BENCH_CHILD_OPTS}. Output goes to this process's.
 */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * Runs {@code main} with {@code jvmOptions} and {@code args}, waits up to {@code minutes}, and returns the result
   * it wrote. {@code what} names the child in errors; a child that exits with 3 ran out of heap
   * ({@code -XX:+ExitOnOutOfMemoryError}).
   */
  static <T> T run(String what, List<String> jvmOptions, Class<?> main, List<String> args, long minutes,
                   TypeReference<T> type) throws Exception {
    Path result = Files.createTempFile("steward-bench", ".json");
    try {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(jvmOptions);
      String extra = System.getenv("STEWARD_BENCH_CHILD_OPTS");
      if (extra != null && !extra.isBlank()) {
        cmd.addAll(List.of(extra.trim().split("\\s+")));
      }
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
      cmd.addAll(args);
      cmd.add(result.toString());
      Process p = new ProcessBuilder(cmd).inheritIO().start();
      if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new IllegalStateException(what + " did not finish within " + minutes + " minutes");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException(what + " failed with exit code " + p.exitValue()
            + (p.exitValue() == 3 ? ": out of heap" : ""));
      }
      return Json.mapper().readValue(result.toFile(), type);
    } finally {
      Files.deleteIfExists(result);
    }
  }
}
