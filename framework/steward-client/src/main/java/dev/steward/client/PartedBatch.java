package dev.steward.client;

import dev.steward.client.model.JoinedRoom;
import dev.steward.client.model.SyncResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * One batch handed to a {@link SyncLoop.PartedBatchConsumer} as the loop reads it: groups of joined rooms, then the
 * rest. Reading waits while more than {@link #MAX_UNFINISHED} groups are handed on and not yet handled, so a batch
 * whose handlers are slower than its reading still takes bounded heap. A group that fails ends the reading: the batch
 * fails and comes again.
 */
final class PartedBatch {
  /** Groups handed on and not yet handled before reading waits. */
  static final int MAX_UNFINISHED = 4;

  /** Thrown through the client's read to end it: the consumer failed on a group (the cause). */
  static final class PartFailed extends RuntimeException {
    PartFailed(Throwable cause) {
      super(cause.toString(), cause, false, false);
    }
  }

  private final SyncLoop.BatchInParts parts;
  private final TimelineGaps gaps;
  private final String since;
  /** Every part handed on; the batch is done when all are. */
  private final List<CompletableFuture<?>> handed = new ArrayList<>();
  /** Parts handed on not known to be done, oldest first. */
  private final ArrayDeque<CompletableFuture<?>> unfinished = new ArrayDeque<>();

  PartedBatch(SyncLoop.BatchInParts parts, TimelineGaps gaps, String since) {
    this.parts = parts;
    this.gaps = gaps;
    this.since = since;
  }

  /** Hands on a group of joined rooms (gaps filled first); waits while too many are unfinished. */
  void rooms(Map<RoomId, JoinedRoom> rooms) {
    Map<RoomId, JoinedRoom> filled = gaps.fill(rooms, since); // a transient error fails the read, as for a batch
    CompletableFuture<?> part;
    try {
      part = parts.rooms(filled).toCompletableFuture();
    } catch (Exception | Error e) {
      throw new PartFailed(e);
    }
    handed.add(part);
    unfinished.add(part);
    while (!unfinished.isEmpty() && (unfinished.size() > MAX_UNFINISHED || unfinished.peek().isDone())) {
      try {
        unfinished.poll().get();
      } catch (ExecutionException e) {
        throw new PartFailed(e.getCause() != null ? e.getCause() : e);
      } catch (CancellationException e) {
        throw new PartFailed(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new PartFailed(e);
      }
    }
  }

  /** Hands on the rest of the batch; returns a future of the whole batch: every part handled. */
  CompletableFuture<?> finish(SyncResponse rest) throws Exception {
    handed.add(parts.finish(rest).toCompletableFuture());
    return CompletableFuture.allOf(handed.toArray(CompletableFuture[]::new));
  }

  /**
   * Waits until the parts handed on are handled or failed, for a batch that will not be finished (its body broke
   * off, a part failed, the loop stopped): its token is not saved, so it comes again, and dedupe skips what ran.
   */
  void abandon() throws InterruptedException {
    for (CompletableFuture<?> part : handed) {
      try {
        part.get();
      } catch (ExecutionException | CancellationException ignored) {
        // Why a part failed is the consumer's to report; the batch comes again either way.
      }
    }
  }
}
