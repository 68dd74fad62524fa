package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on an H2 file, the default for bots: restart() really closes and reopens the file. */
class H2FileStoreTest extends StoreContract {
  @TempDir
  Path dir;

  @Override
  protected StewardStore openStore() {
    return StewardStore.open("jdbc:h2:" + database(), "sa", "");
  }

  private Path database() {
    return dir.resolve("data/nested/steward"); // folders that do not exist yet
  }

  @Test
  void createsTheDatabaseFolderAndFile() {
    assertThat(database().getParent()).isDirectory();
    assertThat(database().resolveSibling("steward.mv.db")).isRegularFile();
  }

  @Test
  void acceptsTheExplicitFilePrefixAndSettings() {
    String url = "jdbc:h2:file:" + dir.resolve("other/bot") + ";MODE=Regular";
    try (StewardStore other = StewardStore.open(url, "sa", "")) {
      other.syncTokens(account).save("s1");

      assertThat(other.syncTokens(account).load()).contains("s1");
    }
    assertThat(dir.resolve("other/bot.mv.db")).isRegularFile();
  }
}
