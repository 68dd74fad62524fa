package dev.steward.client.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.steward.client.Reachability;
import dev.steward.client.RequestObserver;
import dev.steward.client.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries inside OkHttp so every caller gets the same rules: a 429 is always waited out (the server did not act on
 * the request), 5xx answers and I/O failures only for requests tagged safe to repeat. Logs name method and path,
 * never headers or query, so the access token cannot leak.
 */
public final class RetryInterceptor implements Interceptor {
  private static final Logger log = LoggerFactory.getLogger(RetryInterceptor.class);
  private static final long PEEK_LIMIT = 64 * 1024;

  private final RetryPolicy policy;
  private final RetryPolicy.Sleeper sleeper;
  private final RequestObserver observer;
  private final Reachability reachability;

  /**
   * @param reachability told of every attempt's outcome: answered, or the homeserver unreachable
   * @param observer told of every attempt, retry and rate-limit wait
   */
  public RetryInterceptor(RetryPolicy policy, RetryPolicy.Sleeper sleeper, Reachability reachability,
                          RequestObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.policy = policy;
    this.sleeper = sleeper;
    this.reachability = reachability;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    CallOptions options = request.tag(CallOptions.class);
    if (options == null) {
      options = CallOptions.UNSAFE;
    }
    Chain effective = chain;
    if (options.readTimeout() != null) {
      effective = chain.withReadTimeout((int) options.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
    int failures = 0;
    int rateLimits = 0;
    String endpoint = observer == RequestObserver.NONE ? null : Http.endpoint(request.url());
    while (true) {
      Response response;
      long start = System.nanoTime();
      try {
        response = effective.proceed(request);
      } catch (IOException e) {
        if (endpoint != null) {
          observer.answered(request.method(), endpoint, 0, Duration.ofNanos(System.nanoTime() - start));
        }
        if (chain.call().isCanceled()) {
          throw e;
        }
        boolean retry = options.safeToRepeat() && failures + 1 < policy.maxAttempts();
        if (!retry || failures > 0) {
          // A lone failure that a retry may mend (a pooled connection the server closed) is no outage yet.
          reachability.unreachable(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        if (!retry) {
          throw e;
        }
        failures++;
        Duration delay = policy.backoff(failures, ThreadLocalRandom.current().nextDouble());
        // At debug: the outage this is part of was reported once, by the reachability.
        log.debug("{}: {} ({}); retry {} in {} ms", Http.describe(request), e.getClass().getSimpleName(),
            e.getMessage(), failures, delay.toMillis());
        if (endpoint != null) {
          observer.retrying(endpoint, e.getClass().getSimpleName());
        }
        pause(delay);
        continue;
      }
      int code = response.code();
      if (endpoint != null) {
        observer.answered(request.method(), endpoint, code, Duration.ofNanos(System.nanoTime() - start));
      }
      boolean outage = Reachability.isOutageStatus(code);
      boolean retry = code >= 500 && options.safeToRepeat() && failures + 1 < policy.maxAttempts();
      if (outage) {
        if (!retry || failures > 0) {
          reachability.unreachable("HTTP " + code);
        }
      } else {
        reachability.answered();
      }
      if (code == 429) {
        Duration wait = retryAfter(response);
        if (wait == null) {
          wait = policy.backoff(rateLimits + 1, ThreadLocalRandom.current().nextDouble());
        }
        if (rateLimits >= policy.maxRateLimitRetries() || wait.compareTo(policy.maxRateLimitWait()) > 0) {
          return response;
        }
        rateLimits++;
        response.close();
        log.info("{}: rate limited; waiting {} ms (wait {} of at most {})", Http.describe(request), wait.toMillis(),
            rateLimits, policy.maxRateLimitRetries());
        if (endpoint != null) {
          observer.rateLimited(endpoint, wait);
        }
        pause(wait);
        continue;
      }
      if (retry) {
        failures++;
        response.close();
        Duration delay = policy.backoff(failures, ThreadLocalRandom.current().nextDouble());
        if (outage) {
          log.debug("{}: HTTP {}; retry {} in {} ms", Http.describe(request), code, failures, delay.toMillis());
        } else {
          log.warn("{}: HTTP {}; retry {} in {} ms", Http.describe(request), code, failures, delay.toMillis());
        }
        if (endpoint != null) {
          observer.retrying(endpoint, "HTTP " + code);
        }
        pause(delay);
        continue;
      }
      return response;
    }
  }

  private void pause(Duration delay) throws InterruptedIOException {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      InterruptedIOException io = new InterruptedIOException("interrupted while waiting to retry");
      io.initCause(e);
      throw io;
    }
  }

  /** The server's requested delay: {@code retry_after_ms} in the body, else the {@code Retry-After} header (seconds). */
  static Duration retryAfter(Response response) {
    try {
      ResponseBody peek = response.peekBody(PEEK_LIMIT);
      JsonNode body = Json.mapper().readTree(peek.string());
      if (body != null && body.path("retry_after_ms").canConvertToLong()) {
        return Duration.ofMillis(Math.max(0, body.get("retry_after_ms").asLong()));
      }
    } catch (IOException | RuntimeException ignored) {
      // Not JSON: fall back to the header.
    }
    String header = response.header("Retry-After");
    if (header != null) {
      try {
        return Duration.ofSeconds(Math.max(0, Long.parseLong(header.trim())));
      } catch (NumberFormatException ignored) {
        // An HTTP date; rare for Matrix servers. Treat as unknown and back off.
      }
    }
    return null;
  }
}
