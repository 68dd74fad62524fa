package dev.steward.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A 401 answer that asks for user-interactive authentication: the server's {@code session}, the {@code flows} it
 * accepts (each a list of stage types), the stages already {@code completed} and per-stage {@code params}. The
 * errcode is set when a stage was tried and failed (e.g. {@code M_FORBIDDEN} for a wrong password).
 */
public final class InteractiveAuthException extends MatrixException {
  private static final long serialVersionUID = 1L;

  private final String session;
  private final List<List<String>> flows;
  private final List<String> completed;
  private final transient Map<String, Object> params;

  /** A server's user-interactive-auth challenge. */
  public InteractiveAuthException(String call, int status, String errcode, String error, String session,
                                  List<List<String>> flows, List<String> completed, Map<String, Object> params) {
    super(call, status, errcode, error == null ? "user-interactive auth required, flows " + flows : error, null);
    this.session = session;
    this.flows = List.copyOf(Objects.requireNonNull(flows, "flows"));
    this.completed = List.copyOf(Objects.requireNonNull(completed, "completed"));
    this.params = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(params, "params")));
  }

  /** The auth session to send back with the next attempt, or null when the server gave none. */
  public String session() {
    return session;
  }

  /** The flows the server accepts, each the list of stage types to complete in order. */
  public List<List<String>> flows() {
    return flows;
  }

  /** The stage types already completed in this session. */
  public List<String> completed() {
    return completed;
  }

  /** Parameters per stage type (e.g. {@code m.login.terms} policies), as the server sent them. */
  public Map<String, Object> params() {
    return params;
  }
}
