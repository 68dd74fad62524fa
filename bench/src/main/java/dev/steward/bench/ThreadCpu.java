package dev.steward.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time per group of Java threads (names with their numbers dropped), so a run can say where its CPU went: the
 * sync thread, the handlers, the fake homeserver. What the process used beyond all Java threads is the JVM's own
 * (garbage collection, the JIT compiler).
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private ThreadCpu() {}

  /** CPU nanoseconds so far of every live thread, by thread id. */
  static Map<Long, Long> snapshot() {
    Map<Long, Long> out = new HashMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long cpu = THREADS.getThreadCpuTime(id);
      if (cpu >= 0) {
        out.put(id, cpu);
      }
    }
    return out;
  }

  /** CPU nanoseconds each thread group used since {@code before} (threads that ended since are not counted). */
  static Map<String, Long> since(Map<Long, Long> before) {
    Map<String, Long> out = new TreeMap<>();
    for (long id : THREADS.getAllThreadIds()) {
      long cpu = THREADS.getThreadCpuTime(id);
      ThreadInfo info = THREADS.getThreadInfo(id);
      if (cpu < 0 || info == null) {
        continue;
      }
      long used = cpu - before.getOrDefault(id, 0L);
      if (used > 0) {
        out.merge(group(info.getThreadName()), used, Long::sum);
      }
    }
    return out;
  }

  private static String group(String name) {
    return name.replaceAll("[-_ ]?\\d+$", "");
  }
}
