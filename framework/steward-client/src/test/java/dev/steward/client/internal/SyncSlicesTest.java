package dev.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Chunks of rooms are parsed by the pool and the calling thread together; the result keeps the body's order. */
class SyncSlicesTest {
  /** A body of {@code rooms} joined rooms of random sizes (a few hundred bytes to several KiB). */
  private static byte[] body(int rooms, long seed) {
    Random random = new Random(seed);
    StringBuilder json = new StringBuilder("{\"next_batch\":\"s1\",\"rooms\":{\"join\":{");
    for (int r = 0; r < rooms; r++) {
      json.append(r == 0 ? "" : ",").append("\"!r").append(r).append(":x\":{\"timeline\":{\"events\":[");
      int events = 1 + random.nextInt(random.nextInt(10) == 0 ? 60 : 8);
      for (int e = 0; e < events; e++) {
        json.append(e == 0 ? "" : ",").append("{\"type\":\"m.room.message\",\"event_id\":\"$e").append(r).append('_')
            .append(e).append("\",\"content\":{\"body\":\"").append("x".repeat(random.nextInt(200))).append("\"}}");
      }
      json.append("]}}");
    }
    return json.append("}},\"account_data\":{\"events\":[]}}").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void everyRoomIsParsedOnceInTheOrderOfTheBodyWhicheverThreadTookItsChunk() throws Exception {
    for (long seed = 1; seed <= 20; seed++) {
      byte[] body = body(400, seed);
      assertThat(body.length).isGreaterThan(4 * SyncSlices.PARALLEL_BYTES);
      SyncSlices<List<String>> slices = SyncSlices.cut(body, rooms -> {
        List<String> ids = new ArrayList<>();
        rooms.forEach(room -> ids.add(room.id()));
        return ids;
      });
      List<String> all = new ArrayList<>();
      slices.joined().forEach(all::addAll);
      List<String> expected = new ArrayList<>();
      for (int r = 0; r < 400; r++) {
        expected.add("!r" + r + ":x");
      }
      assertThat(all).isEqualTo(expected);
      if (Runtime.getRuntime().availableProcessors() > 1) {
        assertThat(slices.joined()).hasSizeGreaterThan(2); // several chunks per thread, so none waits long at the end
      }
      assertThat(slices.rest().path("next_batch").asText()).isEqualTo("s1");
      assertThat(slices.rest().has("account_data")).isTrue();
    }
  }

  @Test
  void aPoolBusyWithAnotherBatchDoesNotHoldThisOneUp() throws Exception {
    assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "no parse pool on one processor");
    CountDownLatch poolBlocked = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    // Another client's batch whose chunks block every pool thread that takes one.
    CompletableFuture<SyncSlices<Integer>> other = CompletableFuture.supplyAsync(() -> {
      try {
        return SyncSlices.cut(body(400, 11), rooms -> {
          try {
            if (Thread.currentThread().getName().startsWith("steward-sync-parse-")) {
              poolBlocked.countDown();
              release.await();
            } else {
              poolBlocked.await(10, TimeUnit.SECONDS); // leave chunks for the pool to take, whenever it wakes
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return rooms.size();
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      assertThat(poolBlocked.await(10, TimeUnit.SECONDS)).isTrue();
      // This batch's chunks are all left to the calling thread, which must not wait for the pool to come free.
      SyncSlices<Integer> mine = assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> SyncSlices.cut(body(400, 12), List::size));
      assertThat(mine.joined().stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
    } finally {
      release.countDown();
    }
    assertThat(other.get(10, TimeUnit.SECONDS).joined().stream().mapToInt(Integer::intValue).sum()).isEqualTo(400);
  }

  @Test
  void aSmallBodyIsParsedOnTheCallingThreadInOneChunk() throws Exception {
    byte[] body = body(20, 3);
    assertThat(body.length).isLessThan(SyncSlices.PARALLEL_BYTES);
    String caller = Thread.currentThread().getName();
    SyncSlices<String> slices = SyncSlices.cut(body, rooms -> Thread.currentThread().getName() + ":" + rooms.size());
    assertThat(slices.joined()).containsExactly(caller + ":20");
  }

  @Test
  void aChunkThatFailsFailsTheCutWhicheverThreadParsedIt() {
    byte[] body = body(400, 5);
    assertThatThrownBy(() -> SyncSlices.cut(body, rooms -> {
      if (rooms.stream().anyMatch(r -> r.id().equals("!r7:x") || r.id().equals("!r399:x"))) {
        throw new IllegalStateException("chunk failed");
      }
      return rooms.size();
    })).isInstanceOf(IllegalStateException.class).hasMessage("chunk failed");
  }
}
