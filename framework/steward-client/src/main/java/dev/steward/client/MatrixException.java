package dev.steward.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A failed call to the homeserver: HTTP status, Matrix {@code errcode} and {@code error}, and for rate limits the
 * delay the server asked for. Messages name the method and path, never the access token.
 */
public class MatrixException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String errcode;
  private final String error;
  private final Duration retryAfter;

  /** A homeserver answer that was not a success. */
  public MatrixException(String call, int status, String errcode, String error, Duration retryAfter) {
    super(call + " failed: HTTP " + status + (errcode == null ? "" : " " + errcode) + (error == null ? "" : ": " + error));
    this.status = status;
    this.errcode = errcode;
    this.error = error;
    this.retryAfter = retryAfter;
  }

  /** A call that got no usable answer (connection failure, timeout, unreadable body). */
  public MatrixException(String call, String problem, Throwable cause) {
    super(call + " failed: " + problem, cause);
    this.status = 0;
    this.errcode = null;
    this.error = problem;
    this.retryAfter = null;
  }

  /**
   * A failure that puts another client failure in context (which of several steps it stopped): keeps its status,
   * errcode, error and retry delay, and has it as the cause.
   */
  protected MatrixException(String message, MatrixException cause) {
    super(message, Objects.requireNonNull(cause, "cause"));
    this.status = cause.status;
    this.errcode = cause.errcode;
    this.error = cause.error;
    this.retryAfter = cause.retryAfter;
  }

  /** The HTTP status, or 0 when no response arrived. */
  public int status() {
    return status;
  }

  /** The raw Matrix {@code errcode}, or null when the server gave none. */
  public String errcode() {
    return errcode;
  }

  /** The errcode as an enum, for switch statements. */
  public ErrorCode code() {
    return ErrorCode.of(errcode);
  }

  /** The server's human-readable {@code error} text, or a description of the transport failure. */
  public String error() {
    return error;
  }

  /** How long the server asked us to wait before retrying (rate limits), if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True when the server rejected the request for its rate limit ({@code M_LIMIT_EXCEEDED} or HTTP 429). */
  public boolean isRateLimited() {
    return status == 429 || code() == ErrorCode.M_LIMIT_EXCEEDED;
  }

  /** True when the access token is no longer valid and a new login is needed. */
  public boolean isUnknownToken() {
    return code() == ErrorCode.M_UNKNOWN_TOKEN || code() == ErrorCode.M_MISSING_TOKEN;
  }

  /** True when no HTTP response arrived at all. */
  public boolean isTransportFailure() {
    return status == 0;
  }
}
