package dev.steward.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.internal.CallOptions;
import dev.steward.client.internal.Http;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * User-interactive authentication, done once for every call that needs it: send the request without {@code auth},
 * read the session and flows from the 401, pick the first flow whose every stage this client can answer, and send
 * the request again with one stage's {@code auth} at a time until the server accepts it.
 */
final class InteractiveAuth {
  private final Http http;
  private final boolean authenticated;
  private final Map<String, Supplier<ObjectNode>> answers = new LinkedHashMap<>();

  private InteractiveAuth(Http http, boolean authenticated) {
    this.http = http;
    this.authenticated = authenticated;
  }

  /** For a call made with the client's access token. */
  static InteractiveAuth authenticated(Http http) {
    return new InteractiveAuth(http, true);
  }

  /** For a call made before there is a session (registration, password reset). */
  static InteractiveAuth anonymous(Http http) {
    return new InteractiveAuth(http, false);
  }

  /** Answers stage {@code type} with the fields {@code answer} makes ({@code type} and {@code session} are added). */
  InteractiveAuth answer(String type, Supplier<ObjectNode> answer) {
    answers.put(Objects.requireNonNull(type, "type"), Objects.requireNonNull(answer, "answer"));
    return this;
  }

  /**
   * Sends {@code body} to {@code url}, completing the auth stages the server asks for. A refused stage (wrong
   * password…) or a server that offers no flow this client can answer surfaces as the server's
   * {@link InteractiveAuthException}, with its errcode.
   */
  JsonNode post(HttpUrl url, ObjectNode body) {
    ObjectNode attempt = body.deepCopy();
    attempt.remove("auth");
    InteractiveAuthException challenge;
    try {
      return call(url, attempt);
    } catch (InteractiveAuthException e) {
      challenge = e;
    }
    Optional<List<String>> chosen = chooseFlow(challenge);
    if (chosen.isEmpty()) {
      throw noFlow(url, challenge);
    }
    List<String> flow = chosen.get();
    // Each round completes one stage; the loop is bounded by the flow, so a server that keeps asking stops it.
    for (int round = 0; round < flow.size(); round++) {
      List<String> done = challenge.completed();
      Optional<String> next = flow.stream().filter(st -> !done.contains(st)).findFirst();
      if (next.isEmpty()) {
        break; // every stage done and still refused: nothing more this client could send
      }
      ObjectNode auth = answers.get(next.get()).get();
      auth.put("type", next.get());
      if (challenge.session() != null) {
        auth.put("session", challenge.session());
      }
      attempt.set("auth", auth);
      try {
        return call(url, attempt);
      } catch (InteractiveAuthException e) {
        if (e.errcode() != null || !e.completed().contains(next.get())) {
          throw e; // the stage itself was refused: the errcode says why (M_FORBIDDEN for a wrong password)
        }
        challenge = e;
      }
    }
    throw challenge;
  }

  private Optional<List<String>> chooseFlow(InteractiveAuthException challenge) {
    return challenge.flows().stream()
        .filter(flow -> !flow.isEmpty())
        .filter(flow -> flow.stream().allMatch(st -> challenge.completed().contains(st) || answers.containsKey(st)))
        .findFirst();
  }

  private InteractiveAuthException noFlow(HttpUrl url, InteractiveAuthException challenge) {
    return new InteractiveAuthException("POST " + url.encodedPath(), challenge.status(), challenge.errcode(),
        "no auth flow this client can complete: the server offers " + challenge.flows() + ", the client answers "
            + List.copyOf(answers.keySet()), challenge.session(), challenge.flows(), challenge.completed(),
        challenge.params());
  }

  private JsonNode call(HttpUrl url, ObjectNode body) {
    // Never repeated on a transport failure: a registration or deactivation may have happened.
    return authenticated
        ? http.json("POST", url, body, CallOptions.UNSAFE, JsonNode.class)
        : http.anonymous("POST", url, body, CallOptions.UNSAFE, JsonNode.class);
  }
}
