package dev.steward.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * CPU time per group of threads (names with their numbers dropped), so a run can say where its CPU went: the sync
 * thread, the handlers, the fake homeserver, the JIT compiler, the garbage collector. On Linux every thread of the
 * process is read from {@code /proc/self/task} (names cut to 15 characters there); elsewhere only Java threads are
 * seen, and the rest of the process's CPU is reported as the JVM's own.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Path TASKS = Path.of("/proc/self/task");
  /** Clock ticks per second in {@code /proc/<pid>/task/<tid>/stat} (USER_HZ, 100 on Linux). */
  private static final long TICK_NANOS = 10_000_000L;

  private ThreadCpu() {}

  /** A thread's group and CPU nanoseconds so far, by thread id. */
  record Sample(String group, long nanos) {}

  /** CPU so far of every live thread, by thread id. */
  static Map<Long, Sample> snapshot() {
    return Files.isDirectory(TASKS) ? fromProc() : fromMxBean();
  }

  /** CPU nanoseconds each thread group used since {@code before} (threads that ended since are not counted). */
  static Map<String, Long> since(Map<Long, Sample> before) {
    Map<String, Long> out = new TreeMap<>();
    snapshot().forEach((id, now) -> {
      Sample then = before.get(id);
      long used = now.nanos() - (then == null ? 0 : then.nanos());
      if (used > 0) {
        out.merge(now.group(), used, Long::sum);
      }
    });
    return out;
  }

  private static Map<Long, Sample> fromProc() {
    Map<Long, Sample> out = new HashMap<>();
    try (Stream<Path> tasks = Files.list(TASKS)) {
      tasks.forEach(task -> {
        try {
          String stat = Files.readString(task.resolve("stat"), StandardCharsets.US_ASCII);
          // After the name in parentheses: state, then 10 fields, then utime and stime (fields 14 and 15).
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          out.put(Long.parseLong(task.getFileName().toString()), new Sample(group(name), ticks * TICK_NANOS));
        } catch (IOException | RuntimeException ended) {
          // The thread ended while being read: it has no more CPU to add.
        }
      });
    } catch (IOException e) {
      return fromMxBean();
    }
    return out;
  }

  private static Map<Long, Sample> fromMxBean() {
    Map<Long, Sample> out = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long cpu = THREADS.getThreadCpuTime(id);
      ThreadInfo info = THREADS.getThreadInfo(id);
      if (cpu >= 0 && info != null) {
        out.put(id, new Sample(group(info.getThreadName()), cpu));
      }
    }
    return out;
  }

  private static String group(String name) {
    return name.replaceAll("[-_ #]?\\d+$", "").strip();
  }
}
