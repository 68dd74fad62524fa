package dev.steward.bot.internal.dispatch;

import dev.steward.client.EventId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Transaction ids for what one handler sends about one event: the n-th send gets an id derived from (event id,
 * scope, n). A handler run again after a crash therefore sends under the ids of the killed run, and the homeserver
 * answers with the events it already has instead of creating second ones. Ids are "st" and 22 base64url characters
 * (132 bits of SHA-256): URL-safe as the path segment they travel in, short, and in practice never the same for two
 * (event, scope, n) triples.
 */
final class EventTxnIds {
  /** One digest per thread: looking SHA-256 up among the security providers on every send showed in profiles. */
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(EventTxnIds::sha256);

  private final String eventId;
  private final String scope;
  private final AtomicInteger sequence = new AtomicInteger();

  /** @param scope tells apart several handlers (or the router and a handler) sending about the same event */
  EventTxnIds(EventId eventId, String scope) {
    this.eventId = eventId.value();
    this.scope = scope;
  }

  /** The id for this context's next send: 1, 2, 3… in the order the handler sends. */
  String next() {
    return derive(eventId, scope, sequence.incrementAndGet());
  }

  static String derive(String eventId, String scope, int sequence) {
    // Newlines cannot occur in an event id or a handler name, so no two triples hash the same input.
    String input = eventId + "\n" + scope + "\n" + sequence;
    byte[] hash = SHA256.get().digest(input.getBytes(StandardCharsets.UTF_8)); // digest() resets it for the next
    return "st" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 22);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
