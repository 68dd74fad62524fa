package dev.steward.client.model;

import java.util.Objects;

/**
 * A validation session the homeserver opened for an e-mail address or phone number: the token went out by mail or
 * SMS, and the {@code sid} with the caller's client secret later proves it was entered.
 *
 * @param medium {@code email} or {@code msisdn}
 * @param sid the session id to send back (with the client secret) once the user has validated
 * @param submitUrl where the client should submit the token itself, or null when the user follows a link instead
 */
public record ValidationSession(String medium, String sid, String submitUrl) {
  public ValidationSession {
    Objects.requireNonNull(medium, "medium");
    Objects.requireNonNull(sid, "sid");
  }
}
