package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSyncTokenStoreTest {
  @TempDir
  Path dir;

  @Test
  void startsEmptyAndKeepsTheLastTokenAcrossInstances() {
    Path file = dir.resolve("state/sync-token");
    assertThat(new FileSyncTokenStore(file).load()).isEmpty();

    new FileSyncTokenStore(file).save("s1");
    new FileSyncTokenStore(file).save("s2");

    assertThat(new FileSyncTokenStore(file).load()).contains("s2");
  }

  @Test
  void leavesNoTemporaryFilesBehind() throws Exception {
    FileSyncTokenStore store = new FileSyncTokenStore(dir.resolve("token"));
    store.save("a");
    store.save("b");

    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(dir.resolve("token"));
    }
  }
}
