package dev.steward.client;

import java.util.List;

/**
 * Thrown when saving several settings stopped at one the server refused: says which failed and which were already
 * saved; the server's refusal is the {@linkplain #getCause() cause}, and its status, errcode and retry delay are
 * this exception's too. A {@link MatrixException}, so one catch covers every client failure.
 */
public final class SettingsNotSavedException extends MatrixException {
  private static final long serialVersionUID = 1L;

  private final String failed;
  private final List<String> applied;

  SettingsNotSavedException(String failed, List<String> applied, MatrixException cause) {
    super("saving room setting " + failed + " failed (saved before it: " + applied + "): " + cause.getMessage(),
        cause);
    this.failed = failed;
    this.applied = List.copyOf(applied);
  }

  /** The state event type that failed, e.g. {@code m.room.topic}. */
  public String failed() {
    return failed;
  }

  /** The state event types saved before the failure, in order. */
  public List<String> applied() {
    return applied;
  }

  /** Whether the refusal was a lost connection rather than an answer from the server. */
  @Override
  public boolean isTransportFailure() {
    return getCause().isTransportFailure();
  }

  /** The server's refusal. */
  @Override
  public synchronized MatrixException getCause() {
    return (MatrixException) super.getCause();
  }
}
