package dev.steward.bot.reliability;

import dev.steward.client.testing.TestUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link WorkBotMain} in a child JVM on this test's class path, and what it reported: which commands it started and
 * finished, and its last log lines for a failure message.
 */
final class BotProcess {
  private final String name;
  private final Process process;
  private final Set<Integer> started = ConcurrentHashMap.newKeySet();
  private final Set<Integer> done = ConcurrentHashMap.newKeySet();
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final CountDownLatch ready = new CountDownLatch(1);
  private final CountDownLatch drained = new CountDownLatch(1);
  private volatile long lastActivity = System.nanoTime();

  private BotProcess(String name, Process process, Consumer<BotProcess> onStart) {
    this.name = name;
    this.process = process;
    Thread reader = new Thread(() -> read(onStart), name + "-output");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the bot for {@code bot} on the store at {@code jdbcUrl}; {@code onStart} runs on the output reader as
   * soon as a command reports START, so a kill it decides on lands while that command is in flight.
   */
  static BotProcess start(String name, String homeserver, TestUser bot, String jdbcUrl, Consumer<BotProcess> onStart)
      throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), WorkBotMain.class.getName(),
        homeserver, bot.userId().value(), jdbcUrl);
    pb.environment().put("BOT_TOKEN", bot.accessToken());
    pb.environment().put("BOT_DEVICE", bot.deviceId());
    pb.redirectErrorStream(true);
    return new BotProcess(name, pb.start(), onStart);
  }

  private void read(Consumer<BotProcess> onStart) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        lines.add(line);
        if (!line.startsWith("KILLTEST ")) {
          if (line.contains(" WARN ") || line.contains(" ERROR ")) {
            System.out.println("[" + name + "] " + line);
          }
          continue;
        }
        lastActivity = System.nanoTime();
        String[] word = line.split(" ");
        switch (word[1]) {
          case "READY" -> ready.countDown();
          case "START" -> {
            started.add(Integer.parseInt(word[2]));
            onStart.accept(this);
          }
          case "DONE" -> done.add(Integer.parseInt(word[2]));
          default -> System.out.println("[" + name + "] " + line);
        }
      }
    } catch (IOException e) {
      // The pipe breaks when the process is killed; what was read before is all there is.
    } finally {
      drained.countDown();
    }
  }

  /** Waits for the bot's first sync; fails with its last output when it does not come. */
  void awaitReady(Duration limit) throws InterruptedException {
    if (!ready.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(name + " not ready within " + limit + "; its last output:\n" + tail(40));
    }
  }

  /** SIGKILL on Linux: the JVM gets no chance to run shutdown hooks or finish anything. */
  void kill() {
    process.destroyForcibly();
  }

  /** Waits for the process to end and its output to be read; returns the exit value. */
  int awaitExit(Duration limit) throws InterruptedException {
    if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " still running after " + limit);
    }
    drained.await(10, TimeUnit.SECONDS);
    return process.exitValue();
  }

  /** Stops the process (SIGTERM, then SIGKILL if it lingers); quiet when it already ended. */
  void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  Set<Integer> started() {
    return Set.copyOf(started);
  }

  Set<Integer> done() {
    return Set.copyOf(done);
  }

  /** Commands that reported START but not DONE. */
  Set<Integer> unfinished() {
    Set<Integer> open = ConcurrentHashMap.newKeySet();
    open.addAll(started);
    open.removeAll(done);
    return Set.copyOf(open);
  }

  /** How long ago the bot last started or finished a command. */
  Duration quietFor() {
    return Duration.ofNanos(System.nanoTime() - lastActivity);
  }

  /** The last {@code n} lines of output. */
  String tail(int n) {
    List<String> all = List.copyOf(lines);
    return String.join("\n", all.subList(Math.max(0, all.size() - n), all.size()));
  }
}
