package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounded id set must behave as a plain first-in-first-out set of its capacity, whatever the hashes do. */
class RecentIdsTest {
  /** Ids whose String hashes collide in pairs and fours, plus ordinary ones. */
  private static final String[] IDS = {"Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB", "$a", "$b", "$c", "$d", "$e",
      "$f", "$g", "$h", "$i", "$j", "$k", "$l", "$m", "$n"};

  /** The reference: a list of ring slots (null for a removed id), oldest first, and the live ids. */
  private static final class Model {
    final int capacity;
    final List<String> ring = new ArrayList<>();
    final Set<String> live = new HashSet<>();

    Model(int capacity) {
      this.capacity = capacity;
    }

    boolean addIfAbsent(String id) {
      if (live.contains(id)) {
        return false;
      }
      if (ring.size() == capacity) {
        live.remove(ring.remove(0));
      }
      ring.add(id);
      live.add(id);
      return true;
    }

    void remove(String id) {
      if (live.remove(id)) {
        ring.set(ring.indexOf(id), null);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 8, 13, 64})
  void behavesAsAFirstInFirstOutSetUnderRandomAddsAndRemoves(int capacity) {
    Random random = new Random(capacity);
    StripedRecentIds ids = new StripedRecentIds(capacity); // one stripe, a RecentIds, at such a capacity
    Model model = new Model(capacity);
    for (int step = 0; step < 20_000; step++) {
      String id = IDS[random.nextInt(IDS.length)];
      switch (random.nextInt(4)) {
        case 0 -> {
          ids.remove(id);
          model.remove(id);
        }
        case 1 -> {
          String second = IDS[random.nextInt(IDS.length)];
          List<String> expected = new ArrayList<>();
          if (model.addIfAbsent(id)) {
            expected.add(id);
          }
          if (model.addIfAbsent(second)) {
            expected.add(second);
          }
          assertThat(ids.addAllAbsent(List.of(id, second))).as("step %d", step).isEqualTo(expected);
        }
        default -> assertThat(ids.addIfAbsent(id)).as("step %d: add %s", step, id).isEqualTo(model.addIfAbsent(id));
      }
      for (String probe : IDS) {
        assertThat(ids.contains(probe)).as("step %d: contains %s", step, probe).isEqualTo(model.live.contains(probe));
      }
    }
  }

  @Test
  void growingPastItsFirstArraysAndThenWrappingKeepsTheSameFirstInFirstOutSet() {
    Random random = new Random(11);
    RecentIds ids = new RecentIds(2_500);
    Model model = new Model(2_500);
    for (int step = 0; step < 30_000; step++) {
      String id = "$" + random.nextInt(6_000);
      if (random.nextInt(10) == 0) {
        ids.remove(id);
        model.remove(id);
      } else {
        assertThat(ids.addIfAbsent(id)).as("step %d: add %s", step, id).isEqualTo(model.addIfAbsent(id));
      }
      String probe = "$" + random.nextInt(6_000);
      assertThat(ids.contains(probe)).as("step %d: contains %s", step, probe).isEqualTo(model.live.contains(probe));
    }
  }

  @Test
  void theIdAddedLongestAgoGoesFirstEvenIfSeenSince() {
    StripedRecentIds ids = new StripedRecentIds(3);
    ids.addAllAbsent(List.of("$a", "$b", "$c"));
    assertThat(ids.addIfAbsent("$a")).isFalse();

    ids.addIfAbsent("$d");

    assertThat(ids.contains("$a")).isFalse();
    assertThat(ids.contains("$b")).isTrue();
    assertThat(ids.contains("$d")).isTrue();
  }

  @Test
  void manyIdsStayFindableThroughEvictionsAndRemovals() {
    RecentIds ids = new RecentIds(10_000);
    for (int i = 0; i < 50_000; i++) {
      ids.addIfAbsent("$e" + i);
      if (i % 7 == 0) {
        ids.remove("$e" + (i - 3));
      }
    }

    for (int i = 40_000; i < 50_000; i++) {
      assertThat(ids.contains("$e" + i)).as("$e%d", i).isEqualTo((i + 3) % 7 != 0 || i + 3 >= 50_000);
    }
    assertThat(ids.contains("$e39999")).isFalse();
  }
}
