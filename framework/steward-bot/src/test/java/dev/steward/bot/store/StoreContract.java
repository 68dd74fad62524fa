package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.steward.client.SyncTokenStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store's behaviour, run against each database by a subclass. Every test uses its own account and namespace,
 * so a shared server needs no cleaning between tests.
 */
abstract class StoreContract {
  private final String unique = UUID.randomUUID().toString().substring(0, 8);
  protected final String account = "@bot-" + unique + ":example.org";
  protected final String namespace = "bot-" + unique;
  protected StewardStore store;

  /** Opens a store on this test's database; called again by {@link #restart()}. */
  protected abstract StewardStore openStore();

  @BeforeEach
  void openTheStore() {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() {
    store.close();
  }

  /** Closes the store and opens a new one on the same database, as a bot process restart would. */
  protected StewardStore restart() {
    store.close();
    store = openStore();
    return store;
  }

  // --- sync token

  @Test
  void syncTokenIsEmptyBeforeTheFirstSave() {
    assertThat(store.syncTokens(account).load()).isEmpty();
  }

  @Test
  void syncTokenLoadsTheLastSavedToken() {
    SyncTokenStore tokens = store.syncTokens(account);
    tokens.save("s1_first");
    tokens.save("s2_second");

    assertThat(tokens.load()).contains("s2_second");
  }

  @Test
  void syncTokensAreKeptPerAccount() {
    store.syncTokens(account).save("mine");
    store.syncTokens(account + "-other").save("theirs");

    assertThat(store.syncTokens(account).load()).contains("mine");
    assertThat(store.syncTokens(account + "-other").load()).contains("theirs");
  }

  @Test
  void syncTokenSurvivesARestart() {
    store.syncTokens(account).save("s42_before_restart");

    assertThat(restart().syncTokens(account).load()).contains("s42_before_restart");
  }

  // --- dedupe

  @Test
  void firstTimeIsTrueOnlyForTheFirstSighting() {
    EventDedupe dedupe = store.dedupe(account, 100);

    assertThat(dedupe.firstTime("$a")).isTrue();
    assertThat(dedupe.firstTime("$a")).isFalse();
    assertThat(dedupe.firstTime("$b")).isTrue();
  }

  @Test
  void forgetLetsAnEventBeHandledAgain() {
    EventDedupe dedupe = store.dedupe(account, 100);
    dedupe.firstTime("$retry");

    dedupe.forget("$retry");

    assertThat(dedupe.firstTime("$retry")).isTrue();
    assertThat(dedupe.firstTime("$retry")).isFalse();
  }

  @Test
  void forgettingAnUnknownEventChangesNothing() {
    EventDedupe dedupe = store.dedupe(account, 100);

    dedupe.forget("$never-seen");

    assertThat(dedupe.firstTime("$never-seen")).isTrue();
  }

  @Test
  void dedupeIsKeptPerAccount() {
    store.dedupe(account, 100).firstTime("$shared");

    assertThat(store.dedupe(account + "-other", 100).firstTime("$shared")).isTrue();
  }

  @Test
  void callsForTheSameAccountShareWhatWasHandled() {
    store.dedupe(account, 100).firstTime("$seen-through-another-call");

    assertThat(store.dedupe(account, 100).firstTime("$seen-through-another-call")).isFalse();
  }

  @Test
  void claimReturnsTheUnseenIdsInTheGivenOrder() {
    EventDedupe dedupe = store.dedupe(account, 100);
    dedupe.firstTime("$b");

    assertThat(dedupe.claim(List.of("$c", "$b", "$a", "$c"))).containsExactly("$c", "$a");
    assertThat(dedupe.claim(List.of("$a", "$c"))).isEmpty();
  }

  @Test
  void eventsDoneBeforeACrashAreNotHandledAgain() {
    EventDedupe before = store.dedupe(account, "host-a", 100);
    before.done(before.claim(List.of("$finished")));

    EventDedupe after = restart().dedupe(account, "host-a", 100);
    after.releaseUnfinished();

    assertThat(after.claim(List.of("$finished"))).isEmpty();
  }

  @Test
  void manyLongIdsDoneAtOnceAreAllKeptAcrossARestart() {
    List<String> ids = new ArrayList<>();
    // 5,000 ids at their longest: more than one log row of the H2 store holds.
    for (int i = 0; i < 5_000; i++) {
      ids.add(("$" + i + "-").concat("x".repeat(255)).substring(0, 255));
    }
    EventDedupe before = store.dedupe(account, "host-a", 10_000);
    before.done(before.claim(ids));

    EventDedupe after = restart().dedupe(account, "host-a", 10_000);
    after.releaseUnfinished();

    assertThat(after.claim(ids)).isEmpty();
  }

  @Test
  void idsDoneAsJoinedLinesAreKeptAcrossARestartWhetherOrNotTheyFitOneRow() {
    List<String> few = List.of("$one", "$two", "$three");
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 1_500; i++) {
      many.add("$many-" + i);
    }
    EventDedupe before = store.dedupe(account, "host-a", 10_000);
    before.claim(few);
    before.claim(many);

    before.doneLines(String.join("\n", few));
    before.doneLines(String.join("\n", many));
    before.doneLines("");

    EventDedupe after = restart().dedupe(account, "host-a", 10_000);
    after.releaseUnfinished();
    assertThat(after.claim(few)).isEmpty();
    assertThat(after.claim(many)).isEmpty();
    assertThat(after.claim(List.of(""))).as("the empty text marked no id").containsExactly("");
  }

  @Test
  void eventsClaimedButNotDoneWhenTheInstanceDiedRunAgainAfterItsRestart() {
    store.dedupe(account, "host-a", 100).claim(List.of("$cut-off", "$also-cut-off"));

    EventDedupe after = restart().dedupe(account, "host-a", 100);
    after.releaseUnfinished();

    assertThat(after.claim(List.of("$cut-off", "$also-cut-off", "$new"))).containsExactly("$cut-off",
        "$also-cut-off", "$new");
  }

  @Test
  void forgetIsSeenByOtherInstances() {
    EventDedupe first = store.dedupe(account, 100);
    EventDedupe second = store.dedupe(account, 100);
    first.firstTime("$e");

    second.forget("$e");

    assertThat(second.firstTime("$e")).isTrue();
  }

  @Test
  void handledEventsSurviveARestart() {
    store.dedupe(account, 100).firstTime("$before-restart");

    assertThat(restart().dedupe(account, 100).firstTime("$before-restart")).isFalse();
  }

  @Test
  void racingThreadsGetExactlyOneTruePerEventId() throws Exception {
    List<EventDedupe> dedupes = List.of(store.dedupe(account, 1000), store.dedupe(account, 1000));
    List<String> ids = IntStream.range(0, 100).mapToObj(i -> "$race" + i).toList();
    Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Void>> racers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      EventDedupe dedupe = dedupes.get(t % 2);
      racers.add(() -> {
        start.await();
        for (String id : ids) { // same order in every thread: every id is contended
          if (dedupe.firstTime(id)) {
            wins.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
          }
        }
        return null;
      });
    }

    runTogether(racers, start);

    assertThat(wins).hasSize(ids.size());
    assertThat(wins.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
  }

  @Test
  void pruningKeepsTheTableBoundedAndDropsTheOldestIds() throws SQLException {
    int capacity = 20;
    EventDedupe dedupe = store.dedupe(account, capacity);

    for (int i = 0; i < 200; i++) {
      assertThat(dedupe.firstTime("$e" + i)).isTrue();
    }

    assertThat(handledRows()).isBetween((long) capacity, (long) capacity + capacity / 10);
    EventDedupe fresh = restart().dedupe(account, capacity); // a new process: only the table answers
    for (int i = 200 - capacity; i < 200; i++) {
      assertThat(fresh.firstTime("$e" + i)).as("newest id $e%d kept", i).isFalse();
    }
    assertThat(fresh.firstTime("$e0")).as("oldest id pruned").isTrue();
  }

  @Test
  void pruningGoesOnAfterARestartFromTheRowsItReadBack() throws SQLException {
    int capacity = 20;
    EventDedupe before = store.dedupe(account, capacity);
    for (int i = 0; i < 100; i++) {
      before.firstTime("$a" + i);
    }

    EventDedupe after = restart().dedupe(account, capacity);
    for (int i = 0; i < 100; i++) {
      assertThat(after.firstTime("$b" + i)).isTrue();
    }

    assertThat(handledRows()).isBetween((long) capacity, (long) capacity + capacity / 10);
    EventDedupe fresh = restart().dedupe(account, capacity);
    assertThat(fresh.firstTime("$b99")).as("newest id kept").isFalse();
    assertThat(fresh.firstTime("$a99")).as("ids from before the first restart pruned").isTrue();
  }

  @Test
  void dedupeRefusesACapacityBelowOne() {
    assertThatThrownBy(() -> store.dedupe(account, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }

  // --- bot state

  @Test
  void stateIsEmptyForAMissingKey() {
    assertThat(store.state(namespace).get("missing")).isEmpty();
  }

  @Test
  void statePutReplacesTheEarlierValue() {
    KeyValueStore state = store.state(namespace);
    state.put("config", "{\"v\":1}");
    state.put("config", "{\"v\":2}");

    assertThat(state.get("config")).contains("{\"v\":2}");
  }

  @Test
  void stateDeleteTellsWhetherTheKeyExisted() {
    KeyValueStore state = store.state(namespace);
    state.put("gone", "x");

    assertThat(state.delete("gone")).isTrue();
    assertThat(state.delete("gone")).isFalse();
    assertThat(state.get("gone")).isEmpty();
  }

  @Test
  void stateAllListsOnlyItsOwnNamespaceSortedByKey() {
    KeyValueStore state = store.state(namespace);
    state.put("b", "2");
    state.put("a", "1");
    store.state(namespace + "-other").put("c", "3");

    assertThat(state.all()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
    assertThat(store.state(namespace + "-other").get("a")).isEmpty();
  }

  @Test
  void stateKeepsValuesOfSeveralMegabytes() {
    // Two megabytes of JSON with non-ASCII text, well past any VARCHAR limit.
    String big = "{\"log\":\"" + "ünïcødé ✅ ".repeat(200_000) + "\"}";
    KeyValueStore state = store.state(namespace);

    state.put("big", big);

    assertThat(state.get("big")).hasValueSatisfying(value -> assertThat(value).isEqualTo(big));
    assertThat(state.all().get("big")).isEqualTo(big);
  }

  @Test
  void stateSurvivesARestart() {
    store.state(namespace).put("muted", "[\"@spammer:example.org\"]");

    assertThat(restart().state(namespace).get("muted")).contains("[\"@spammer:example.org\"]");
  }

  @Test
  void racingPutsOfTheSameNewKeyAllSucceed() throws Exception {
    KeyValueStore state = store.state(namespace);
    CountDownLatch start = new CountDownLatch(1);
    List<Callable<Void>> writers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      String value = "writer-" + t;
      writers.add(() -> {
        start.await();
        for (int i = 0; i < 20; i++) {
          state.put("contended-" + i, value);
        }
        return null;
      });
    }

    runTogether(writers, start);

    assertThat(state.all()).hasSize(20).allSatisfy((key, value) -> assertThat(value).startsWith("writer-"));
  }

  // --- the store itself

  @Test
  void dataSourceReachesTheStoreTables() throws SQLException {
    store.state(namespace).put("k", "v");

    try (Connection c = store.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM steward_state WHERE namespace = ?")) {
      s.setString(1, namespace);
      try (ResultSet rows = s.executeQuery()) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getLong(1)).isEqualTo(1);
      }
    }
  }

  @Test
  void aClosedStoreFailsWithAStoreExceptionNamingTheOperation() {
    KeyValueStore state = store.state(namespace);
    store.close();

    assertThatThrownBy(() -> state.get("k"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("reading state 'k' in namespace '" + namespace + "' failed");
  }

  /** Handled event ids on record for the account: rows on PostgreSQL, ids in H2's log. */
  protected long handledRows() throws SQLException {
    try (Connection c = store.dataSource().getConnection();
        PreparedStatement s = c.prepareStatement(c.getMetaData().getURL().startsWith("jdbc:h2:")
            ? "SELECT COALESCE(SUM(id_count), 0) FROM steward_handled_log WHERE account_key = ?"
            : "SELECT COUNT(*) FROM steward_handled_event WHERE account_key = ?")) {
      s.setString(1, account);
      try (ResultSet rows = s.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static void runTogether(List<Callable<Void>> tasks, CountDownLatch start) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    try {
      List<Future<Void>> results = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        results.add(threads.submit(task));
      }
      start.countDown();
      for (Future<Void> result : results) {
        result.get(60, TimeUnit.SECONDS); // rethrows a task's failure
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
