package dev.steward.bot.config;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * The operations endpoint: Prometheus metrics on {@code /metrics}, {@code /health} and {@code /ready} for container
 * and systemd checks, a status page on {@code /status} for people. Off unless {@code listen} is set.
 *
 * @param listen {@code host:port} to listen on, e.g. {@code 127.0.0.1:9464}; empty for none. Port 0 takes a free one
 * @param aliveWithin {@code /health} answers 503 when no sync succeeded for this long; longer than
 *     {@code bot.sync_timeout}, since an idle long-poll succeeds only that often
 * @param token when set, {@code /metrics} and the status page want {@code Authorization: Bearer <token>} (or, from a
 *     browser, the token as the password of Basic authentication); required when {@code listen} is not a loopback
 *     address. {@code /health} and {@code /ready} never want it and tell nothing private
 */
public record OpsConfig(String listen, Duration aliveWithin, String token) {
  /** Checks the address and the window; every problem is reported. */
  public OpsConfig {
    Objects.requireNonNull(listen, "listen");
    Objects.requireNonNull(aliveWithin, "aliveWithin");
    Objects.requireNonNull(token, "token");
    Problems problems = new Problems();
    if (!listen.isEmpty()) {
      try {
        InetSocketAddress address = address(listen);
        if (!address.getAddress().isLoopbackAddress() && token.isEmpty()) {
          problems.add("token", "is required when ops.listen is not a loopback address (" + listen + ")");
        }
      } catch (IllegalArgumentException e) {
        problems.add("listen", e.getMessage());
      }
    }
    if (aliveWithin.isNegative() || aliveWithin.isZero()) {
      problems.add("alive_within", "must be longer than zero, found " + Durations.format(aliveWithin));
    }
    problems.throwIfAny();
  }

  /** Off: no endpoint; {@code /health} would answer 503 after two minutes without a successful sync. */
  public static OpsConfig defaults() {
    return new OpsConfig("", Duration.ofMinutes(2), "");
  }

  /** Whether the endpoint is on. */
  public boolean enabled() {
    return !listen.isEmpty();
  }

  /** The address to listen on. */
  public InetSocketAddress address() {
    return address(listen);
  }

  private static InetSocketAddress address(String listen) {
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new IllegalArgumentException("must be host:port, e.g. 127.0.0.1:9464, found '" + listen + "'");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number from 0 to 65535, found '"
          + listen.substring(colon + 1) + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, found " + port);
    }
    try {
      // A name is looked up once, here: the endpoint never follows a name that changes later.
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("unknown host '" + host + "'");
    }
  }
}
