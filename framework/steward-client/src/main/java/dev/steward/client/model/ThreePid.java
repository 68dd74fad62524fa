package dev.steward.client.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A third-party identifier (e-mail address or phone number) the homeserver has on an account.
 *
 * @param medium {@code email} or {@code msisdn}
 * @param address the address, e.g. {@code alice@example.org} or {@code 447700900001}
 * @param validatedAt when the address was validated, or null when the server did not say
 * @param addedAt when the address was added to the account, or null when the server did not say
 */
public record ThreePid(String medium, String address, Instant validatedAt, Instant addedAt) {
  public ThreePid {
    Objects.requireNonNull(medium, "medium");
    Objects.requireNonNull(address, "address");
  }
}
