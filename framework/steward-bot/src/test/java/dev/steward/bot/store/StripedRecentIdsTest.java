package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A large window is split into stripes; it must still remember the newest ids and hand each id to one claimer. */
class StripedRecentIdsTest {
  @Test
  void addAllAbsentReturnsTheNewIdsInTheGivenOrderOncePerId() {
    for (int capacity : new int[] {100, 100_000}) {
      StripedRecentIds ids = new StripedRecentIds(capacity);
      ids.addIfAbsent("$b");

      assertThat(ids.addAllAbsent(List.of("$c", "$b", "$a", "$c"))).containsExactly("$c", "$a");
    }
  }

  @Test
  void aStripedWindowRemembersAtLeastTheNewestCapacityIdsAndForgetsTheOldOnes() {
    int capacity = 10_000;
    StripedRecentIds ids = new StripedRecentIds(capacity);
    for (int i = 0; i < 4 * capacity; i++) {
      assertThat(ids.addIfAbsent("$e" + i + "-abcdefghijklmnopqrstuvwxyz")).isTrue();
    }
    long kept = IntStream.range(0, 4 * capacity).filter(i -> ids.contains("$e" + i + "-abcdefghijklmnopqrstuvwxyz"))
        .count();
    assertThat(IntStream.range(3 * capacity, 4 * capacity))
        .allMatch(i -> ids.contains("$e" + i + "-abcdefghijklmnopqrstuvwxyz"));
    assertThat(IntStream.range(0, 2 * capacity)).noneMatch(i -> ids.contains("$e" + i + "-abcdefghijklmnopqrstuvwxyz"));
    assertThat(kept).isBetween((long) capacity, capacity * 5L / 4 + StripedRecentIds.STRIPES);
  }

  @Test
  void threadsClaimingTheSameIdsAtOnceGetEachIdExactlyOnce() throws Exception {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      all.add("$c" + i);
    }
    StripedRecentIds ids = new StripedRecentIds(100_000);
    ConcurrentLinkedQueue<String> claimed = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> runs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<String> mine = new ArrayList<>(all);
        Collections.shuffle(mine, new Random(t));
        runs.add(pool.submit(() -> {
          for (int from = 0; from < mine.size(); from += 10) {
            claimed.addAll(ids.addAllAbsent(mine.subList(from, from + 10)));
          }
        }));
      }
      for (Future<?> run : runs) {
        run.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(claimed).hasSize(all.size()).containsExactlyInAnyOrderElementsOf(all);
  }
}
