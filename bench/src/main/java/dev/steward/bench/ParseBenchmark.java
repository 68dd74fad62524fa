package dev.steward.bench;

import dev.steward.client.internal.Json;
import dev.steward.client.internal.SyncParser;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The raw parse limit: Jackson reading the same batch bytes the dispatch benchmark serves into trees, alone, and
 * Steward's lenient sync parser reading them into events. One operation parses every batch once; events per second =
 * events / time per op.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ParseBenchmark {
  @Param({"50"})
  public int rooms;

  @Param({"20000"})
  public int events;

  private List<byte[]> batches;

  @Setup
  public void setUp() {
    batches = new SyncFixture(rooms, events, 0.5, 500, 42).batches();
  }

  /** Jackson alone: bytes to a tree. */
  @Benchmark
  public void jacksonTree(Blackhole bh) throws IOException {
    for (byte[] b : batches) {
      bh.consume(Json.mapper().readTree(b));
    }
  }

  /**
   * Steward's sync parser as the runtime calls it, from the bytes: rooms cut apart and, in a large batch, parsed on the
   * parse pool beside the calling thread.
   */
  @Benchmark
  public void stewardSyncParser(Blackhole bh) throws IOException {
    for (byte[] b : batches) {
      bh.consume(SyncParser.parse(b));
    }
  }
}
