package dev.steward.bot.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JdbcUrlsTest {
  @Test
  void schemeIsTheJdbcSubprotocolOnly() {
    assertThat(JdbcUrls.scheme("jdbc:mysql://u:secret@db/x")).isEqualTo("jdbc:mysql");
    assertThat(JdbcUrls.scheme("mongodb://u:secret@db")).isEqualTo("mongodb");
    assertThat(JdbcUrls.scheme("://nothing")).isEqualTo("(none)");
  }

  @Test
  void redactHidesPasswordParametersSettingsAndUserInfo() {
    assertThat(JdbcUrls.redact("jdbc:postgresql://db/bot?user=bot&password=secret&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/bot?user=bot&password=***&ssl=true");
    assertThat(JdbcUrls.redact("jdbc:h2:./bot;USER=sa;PASSWORD=secret;MODE=Regular"))
        .isEqualTo("jdbc:h2:./bot;USER=sa;PASSWORD=***;MODE=Regular");
    assertThat(JdbcUrls.redact("jdbc:postgresql://bot:secret@db/bot")).isEqualTo("jdbc:postgresql://***@db/bot");
    assertThat(JdbcUrls.redact("jdbc:postgresql://db:5432/bot")).isEqualTo("jdbc:postgresql://db:5432/bot");
  }

  @Test
  void h2FileIsFoundForPlainAndFileUrlsOnly() {
    assertThat(JdbcUrls.h2File("jdbc:h2:./data/bot;AUTO_SERVER=TRUE")).contains(Path.of("./data/bot"));
    assertThat(JdbcUrls.h2File("jdbc:h2:file:/var/lib/steward/bot")).contains(Path.of("/var/lib/steward/bot"));
    assertThat(JdbcUrls.h2File("jdbc:h2:~/steward/bot"))
        .contains(Path.of(System.getProperty("user.home") + "/steward/bot"));
    assertThat(JdbcUrls.h2File("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isEmpty();
    assertThat(JdbcUrls.h2File("jdbc:h2:tcp://localhost/~/bot")).isEmpty();
    assertThat(JdbcUrls.h2File("jdbc:postgresql://db/bot")).isEmpty();
  }

  @Test
  void h2UrlsLeaveClosingToTheStoreUnlessTheySayOtherwise() {
    assertThat(JdbcUrls.closedByOwner("jdbc:h2:file:./data/steward"))
        .isEqualTo("jdbc:h2:file:./data/steward;DB_CLOSE_ON_EXIT=FALSE");
    assertThat(JdbcUrls.closedByOwner("jdbc:h2:./bot;db_close_on_exit=true")).isEqualTo("jdbc:h2:./bot;db_close_on_exit=true");
    assertThat(JdbcUrls.closedByOwner("jdbc:postgresql://db/bot")).isEqualTo("jdbc:postgresql://db/bot");
  }
}
