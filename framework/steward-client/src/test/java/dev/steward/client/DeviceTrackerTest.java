package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.client.crypto.CryptoStore;
import dev.steward.client.crypto.InMemoryCryptoStore;
import dev.steward.client.crypto.OlmAccount;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Device lists that change while a {@code /keys/query} for them is in flight: the answer, which may be from before
 * the change, is not taken as current, and the change neither waits for the query nor is lost. The fake key server
 * holds the query's answer (worked out when it came) until the test has made the change.
 */
class DeviceTrackerTest {
  private static final UserId ALICE = UserId.of("@alice:x");
  private static final UserId BOB = UserId.of("@bob:x");

  private final FakeKeyServer hs = new FakeKeyServer();
  private final MatrixClient aliceClient = hs.device(ALICE.value(), "ALICE1");
  private final MatrixClient bobClient = hs.device(BOB.value(), "BOB1");
  private final CryptoStore store = new InMemoryCryptoStore();
  private final DeviceTracker tracker = new DeviceTracker(store, aliceClient.keys(OlmAccount.create()),
      new RefusalLog());
  private MatrixClient bob2Client;

  DeviceTrackerTest() {
    new Encryption(bobClient, new InMemoryCryptoStore()); // BOB1 uploads its keys
  }

  @AfterEach
  void close() throws Exception {
    hs.releaseQueries();
    aliceClient.close();
    bobClient.close();
    if (bob2Client != null) {
      bob2Client.close();
    }
    hs.close();
  }

  /** Bob's second device appears (uploads its keys) now. */
  private void bobAddsADevice() {
    bob2Client = hs.device(BOB.value(), "BOB2");
    new Encryption(bob2Client, new InMemoryCryptoStore());
  }

  @Test
  void aChangeToAUserFirstQueriedWhileTheQueryIsInFlightIsNotLost() throws Exception {
    hs.holdQueries();
    CompletableFuture<Void> first = CompletableFuture.runAsync(() -> tracker.refresh(List.of(BOB)));
    hs.awaitQueriesHeld(1); // the answer lists BOB1 only

    bobAddsADevice();
    tracker.changed(List.of(BOB)); // as device_lists.changed in the next batch says
    hs.releaseQueries();
    first.get(5, TimeUnit.SECONDS);

    assertThat(tracker.devices(BOB)).as("the answer in flight is used").containsOnlyKeys("BOB1");
    assertThat(tracker.isCurrent(BOB)).as("but it may be from before the change").isFalse();
    tracker.refresh(List.of(BOB));
    assertThat(tracker.devices(BOB)).as("asked again at the next use").containsOnlyKeys("BOB1", "BOB2");
    assertThat(tracker.isCurrent(BOB)).isTrue();
  }

  @Test
  void aChangeToATrackedUserDoesNotWaitForTheirQueryInFlightAndIsNotLost() throws Exception {
    tracker.refresh(List.of(BOB));
    tracker.changed(List.of(BOB));
    hs.holdQueries();
    CompletableFuture<Void> query = CompletableFuture.runAsync(() -> tracker.refresh(List.of(BOB)));
    hs.awaitQueriesHeld(1);

    bobAddsADevice();
    // On the sync thread in the runtime: it must not wait for a query that a send started on a room's lane.
    CompletableFuture.runAsync(() -> tracker.changed(List.of(BOB))).get(5, TimeUnit.SECONDS);
    assertThat(tracker.isCurrent(BOB)).isFalse();
    hs.releaseQueries();
    query.get(5, TimeUnit.SECONDS);

    assertThat(tracker.isCurrent(BOB)).as("the change came after the query began").isFalse();
    tracker.refresh(List.of(BOB));
    assertThat(tracker.devices(BOB)).containsOnlyKeys("BOB1", "BOB2");
  }

  @Test
  void aUserForgottenWhileTheirQueryIsInFlightStaysForgotten() throws Exception {
    hs.holdQueries();
    CompletableFuture<Void> query = CompletableFuture.runAsync(() -> tracker.refresh(List.of(BOB)));
    hs.awaitQueriesHeld(1);

    CompletableFuture.runAsync(() -> tracker.forget(List.of(BOB))).get(5, TimeUnit.SECONDS);
    hs.releaseQueries();
    query.get(5, TimeUnit.SECONDS);

    assertThat(tracker.trackedCount()).isZero();
    assertThat(store.scan(DeviceTracker.DEVICE, "")).isEmpty();
    assertThat(tracker.devices(BOB)).isEmpty();
  }

  /**
   * Every send asks whether its room's members are current: the answer comes from memory after the first read, and
   * stays the store's own through changes, forgets, queries and a new tracker on the same store (a restart).
   */
  @Test
  void whetherAUserIsCurrentIsReadFromTheStoreOnceAndKeptInStepWithIt() {
    AtomicInteger reads = new AtomicInteger();
    CryptoStore counting = new CryptoStore() {
      @Override
      public Optional<String> get(String kind, String key) {
        if (kind.equals(DeviceTracker.TRACKED)) {
          reads.incrementAndGet();
        }
        return store.get(kind, key);
      }

      @Override
      public Map<String, String> scan(String kind, String keyPrefix) {
        return store.scan(kind, keyPrefix);
      }

      @Override
      public void write(List<Write> writes) {
        store.write(writes);
      }
    };
    DeviceTracker devices = new DeviceTracker(counting, aliceClient.keys(OlmAccount.create()), new RefusalLog());

    assertThat(devices.isCurrent(BOB)).isFalse();
    devices.refresh(List.of(BOB));
    for (int i = 0; i < 100; i++) {
      assertThat(devices.isCurrent(BOB)).isTrue();
      devices.refresh(List.of(BOB)); // current: no query, no read
    }
    assertThat(reads).as("one read, for the first question").hasValue(1);

    devices.changed(List.of(BOB));
    assertThat(devices.isCurrent(BOB)).isFalse();
    assertThat(store.get(DeviceTracker.TRACKED, BOB.value())).contains("outdated");
    bobAddsADevice();
    devices.refresh(List.of(BOB));
    assertThat(devices.isCurrent(BOB)).isTrue();
    assertThat(devices.devices(BOB)).containsOnlyKeys("BOB1", "BOB2");
    assertThat(new DeviceTracker(store, aliceClient.keys(OlmAccount.create()), new RefusalLog()).isCurrent(BOB))
        .as("as the store has it").isTrue();

    devices.forget(List.of(BOB));
    assertThat(devices.isCurrent(BOB)).isFalse();
    devices.changed(List.of(BOB)); // not tracked: nothing to mark
    assertThat(store.get(DeviceTracker.TRACKED, BOB.value())).isEmpty();
    assertThat(reads).hasValue(1);
  }
}
