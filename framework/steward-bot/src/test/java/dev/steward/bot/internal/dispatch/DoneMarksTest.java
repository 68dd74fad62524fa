package dev.steward.bot.internal.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.store.EventDedupe;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Done marks are written in groups, all of them, in order, and the queue before the store is bounded. */
class DoneMarksTest {

  /** Records each write; the first write waits for {@code open} when {@code hold} is set. */
  private static final class RecordingDedupe implements EventDedupe {
    final List<List<String>> writes = new CopyOnWriteArrayList<>();
    final CountDownLatch open = new CountDownLatch(1);
    final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    final boolean hold;

    RecordingDedupe(boolean hold) {
      this.hold = hold;
    }

    @Override
    public void done(Collection<String> eventIds) {
      firstWriteStarted.countDown();
      if (hold) {
        try {
          open.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      writes.add(List.copyOf(eventIds));
    }

    @Override
    public List<String> claim(Collection<String> eventIds) {
      return List.copyOf(eventIds);
    }

    @Override
    public int releaseUnfinished() {
      return 0;
    }

    @Override
    public void forget(String eventId) {}

    List<String> recorded() {
      List<String> all = new ArrayList<>();
      writes.forEach(all::addAll);
      return all;
    }
  }

  @Test
  void everyIdIsRecordedInOrderInWritesOfAtMostAThousand() throws Exception {
    RecordingDedupe dedupe = new RecordingDedupe(false);
    DoneMarks marks = new DoneMarks(dedupe);
    List<String> ids = new ArrayList<>();
    for (int lane = 0; lane < 55; lane++) {
      DoneMarks.Pending pending = marks.pending();
      for (int i = lane * 100; i < (lane + 1) * 100 + (lane == 54 ? 1_234 : 0); i++) {
        ids.add("$e" + i);
        pending.add("$e" + i);
      }
      pending.flush();
    }

    marks.close();

    assertThat(dedupe.recorded()).isEqualTo(ids);
    assertThat(dedupe.writes).allSatisfy(w -> assertThat(w).hasSizeLessThanOrEqualTo(1_000));
  }

  @Test
  void whenTheStoreFallsBehindAddingWaitsForRoomInsteadOfQueueingWithoutBound() throws Exception {
    RecordingDedupe dedupe = new RecordingDedupe(true);
    DoneMarks marks = new DoneMarks(dedupe, 10);
    flush(marks, "$first");
    assertThat(dedupe.firstWriteStarted.await(5, TimeUnit.SECONDS)).isTrue(); // the writer holds it, stuck
    Thread adder = new Thread(() -> {
      for (int i = 0; i < 11; i++) {
        flush(marks, "$e" + i); // ten chunks fit in the queue; the eleventh must wait
      }
    });
    adder.start();

    adder.join(300);
    assertThat(adder.isAlive()).as("the eleventh add waits while the queue is full").isTrue();
    dedupe.open.countDown();
    adder.join(5_000);
    marks.close();

    assertThat(adder.isAlive()).isFalse();
    assertThat(dedupe.recorded()).hasSize(12).startsWith("$first").endsWith("$e10");
  }

  @Test
  void aLaneCutOffByCloseStillQueuesWhatFinishedThoughItsThreadIsInterrupted() throws Exception {
    RecordingDedupe dedupe = new RecordingDedupe(false);
    DoneMarks marks = new DoneMarks(dedupe);
    DoneMarks.Pending pending = marks.pending();
    pending.add("$a");
    pending.add("$b");

    Thread.currentThread().interrupt();
    pending.flush();
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();
    marks.close();

    assertThat(dedupe.recorded()).containsExactly("$a", "$b");
  }

  private static void flush(DoneMarks marks, String id) {
    DoneMarks.Pending pending = marks.pending();
    pending.add(id);
    pending.flush();
  }
}
