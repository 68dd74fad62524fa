package dev.steward.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's one view of whether its homeserver answers. Every request reports to it: a broken connection, a
 * timeout or a 502, 503 or 504 answer marks the homeserver unreachable (one WARN when that starts), any other answer
 * marks it back (one INFO saying how long it was away). The sync loop and the bot runtime wait on it through an
 * outage, probing the server once in a while, instead of each retrying and logging on its own.
 */
public final class Reachability {
  private static final Logger log = LoggerFactory.getLogger(Reachability.class);
  /** How long a waiter lets pass between two probes at most: an outage is noticed to be over within this. */
  static final Duration MAX_PROBE_INTERVAL = Duration.ofSeconds(5);

  private final String homeserver;
  private final Runnable probe;
  private final LongSupplier nanoClock;
  /** Guarded by {@code this}: when the outage began, or null while the homeserver answers. */
  private Instant downSince;
  private long downSinceNanos;
  private boolean probing;
  private int probes;
  private long lastProbeNanos;

  /**
   * @param probe a cheap request that throws when the homeserver does not answer (the client asks for
   *     {@code /versions} without retries); it reports its own outcome through the client's requests
   */
  Reachability(String homeserver, Runnable probe, LongSupplier nanoClock) {
    this.homeserver = Objects.requireNonNull(homeserver, "homeserver");
    this.probe = Objects.requireNonNull(probe, "probe");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
  }

  /**
   * Whether {@code failure} (or one of its causes) means the homeserver could not be reached: a transport failure
   * (refused, reset, timed out) or a 502, 503 or 504 answer. Such a request may succeed once the server is back.
   */
  public static boolean isOutage(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof MatrixException m && (m.isTransportFailure() || isOutageStatus(m.status()))) {
        return true;
      }
    }
    return false;
  }

  /** Whether an HTTP status says the server (or the proxy in front of it) is away rather than refusing. */
  public static boolean isOutageStatus(int status) {
    return status == 502 || status == 503 || status == 504;
  }

  /** Whether the last request found the homeserver unreachable. */
  public synchronized boolean isDown() {
    return downSince != null;
  }

  /** When the current outage began, if there is one. */
  public synchronized Optional<Instant> downSince() {
    return Optional.ofNullable(downSince);
  }

  /** A request could not reach the homeserver ({@code why}, no secrets): the first one of an outage logs a WARN. */
  public void unreachable(String why) {
    synchronized (this) {
      if (downSince != null) {
        return;
      }
      downSince = Instant.now();
      downSinceNanos = nanoClock.getAsLong();
      lastProbeNanos = downSinceNanos;
    }
    log.warn("homeserver {} cannot be reached ({}); requests wait for it", homeserver, why);
  }

  /** A request got an answer: ends an outage (one INFO with its length) and wakes everyone waiting. */
  public void answered() {
    Duration away;
    synchronized (this) {
      if (downSince == null) {
        return;
      }
      away = Duration.ofNanos(nanoClock.getAsLong() - downSinceNanos);
      downSince = null;
      probes = 0;
      notifyAll();
    }
    log.info("homeserver {} answers again after {} s", homeserver, String.format("%.1f", away.toMillis() / 1000.0));
  }

  /**
   * Waits until the homeserver answers, at most {@code max}; true when it does (at once if it is not known to be
   * down). While it waits, one waiter at a time probes the server, at most {@link #MAX_PROBE_INTERVAL} apart.
   */
  public boolean awaitUp(Duration max) throws InterruptedException {
    long deadline = nanoClock.getAsLong() + max.toNanos();
    while (true) {
      synchronized (this) {
        if (downSince == null) {
          return true;
        }
        long now = nanoClock.getAsLong();
        long left = deadline - now;
        if (left <= 0) {
          return false;
        }
        long untilProbe = lastProbeNanos + probeInterval().toNanos() - now;
        if (probing || untilProbe > 0) {
          long waitNanos = Math.min(left, probing ? MAX_PROBE_INTERVAL.toNanos() : untilProbe);
          wait(Math.max(1, waitNanos / 1_000_000));
          continue;
        }
        probing = true;
        lastProbeNanos = now;
      }
      try {
        probe.run(); // reports its own outcome: an answer ends the outage
      } catch (RuntimeException stillDown) {
        // expected while the outage lasts
      } finally {
        synchronized (this) {
          probing = false;
          probes++;
          notifyAll();
        }
      }
    }
  }

  /** Probes come sooner at the start of an outage (a restart is often quick), then every few seconds. */
  private Duration probeInterval() {
    Duration step = Duration.ofMillis(250L << Math.min(probes, 5));
    return step.compareTo(MAX_PROBE_INTERVAL) < 0 ? step : MAX_PROBE_INTERVAL;
  }
}
