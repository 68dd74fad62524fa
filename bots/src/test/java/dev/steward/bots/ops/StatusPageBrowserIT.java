package dev.steward.bots.ops;

import static dev.steward.test.BotTester.ALICE;
import static dev.steward.test.BotTester.ROOM;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.steward.bot.annotation.Bot;
import dev.steward.bot.annotation.Command;
import dev.steward.bot.annotation.Scheduled;
import dev.steward.bot.command.CommandContext;
import dev.steward.bot.config.OpsConfig;
import dev.steward.bots.welcome.WelcomeBot;
import dev.steward.client.UserId;
import dev.steward.client.testing.Await;
import dev.steward.test.BotTester;
import dev.steward.test.Sent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The ops status page in a real browser (Debian's headless Chromium through chromedriver, installed by
 * {@code scripts/test.sh}) on a phone-sized window: a command the test ran, the bot's cron job with its next run and
 * a room's name show in their tables; the page wants the token; the screenshot (saved as
 * {@code target/status-page.png}) is not blank and the tables have a real size without the page scrolling sideways.
 * The bots' own metric (the welcome bot's greetings) and the job timings are scraped from {@code /metrics}.
 */
class StatusPageBrowserIT {
  private static final String TOKEN = "t0ken-for-the-test";
  private static final int PHONE_WIDTH = 390;
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path profile;

  /** A bot with a command, a nightly job and a job that runs every second. */
  @Bot("probe")
  public static class ProbeBot {
    @Command(value = "!ping", help = "Answers pong")
    void ping(CommandContext ctx) {
      ctx.reply("pong");
    }

    @Scheduled(cron = "0 0 3 * * ?")
    void nightly() {
      // nothing to do: the page shows when it runs next
    }

    @Scheduled(fixedRate = "1s")
    void tick() {
      // runs, so /metrics has its timing
    }
  }

  private HttpResponse<String> get(InetSocketAddress ops, String path, String authorization) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ops.getPort() + path))
        .timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String scrape(InetSocketAddress ops) {
    try {
      return get(ops, "/metrics", "Bearer " + TOKEN).body();
    } catch (Exception e) {
      throw new IllegalStateException("scraping /metrics", e);
    }
  }

  private static double sample(String scrape, String name, String... labels) {
    return scrape.lines().filter(l -> l.startsWith(name + "{"))
        .filter(l -> java.util.Arrays.stream(labels).allMatch(l::contains))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
  }

  private ChromeDriver chromium() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    // The flags the machine notes give: no sandbox as root, and nothing that reaches out to the network.
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile.toAbsolutePath(), "--window-size=" + PHONE_WIDTH + ",844");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
    return new ChromeDriver(service, options);
  }

  private static List<String> column(WebElement table, int index) {
    return table.findElements(By.cssSelector("tbody tr")).stream()
        .map(r -> r.findElements(By.tagName("td")).get(index).getText()).toList();
  }

  @Test
  void showsTheCommandsJobsAndRoomsOnAPhoneSizedPageBehindTheToken() throws Exception {
    try (BotTester t = BotTester.builder().bots(ProbeBot.class, WelcomeBot.class)
        .section("welcome", Map.of("message", "Welcome {user}!"))
        .ops(new OpsConfig("127.0.0.1:0", Duration.ofMinutes(2), TOKEN)).start()) {
      InetSocketAddress ops = t.steward().opsAddress().orElseThrow();
      t.hs().state(ALICE, ROOM, "m.room.name", "", JsonNodeFactory.instance.objectNode().put("name", "Lobby <b>"));
      t.say(ALICE, "!ping");
      assertThat(t.awaitReply().body()).isEqualTo("pong");
      t.room().member(UserId.of("@carol:test"), "Carol");
      t.await(Sent.Message.class, m -> m.body().equals("Welcome Carol!"));

      assertThat(get(ops, "/status", null).statusCode()).as("no token").isEqualTo(401);
      assertThat(get(ops, "/metrics", "Bearer wrong").statusCode()).as("a wrong token").isEqualTo(401);
      // The every-second job's first run comes a second after the start.
      String scrape = Await.until(Duration.ofSeconds(10), "a run of ProbeBot.tick on /metrics", () -> {
        String now = scrape(ops);
        return sample(now, "steward_jobs_seconds_count", "job=\"ProbeBot.tick\"", "kind=\"scheduled\"",
            "outcome=\"ok\"") >= 1 ? Optional.of(now) : Optional.empty();
      });
      assertThat(sample(scrape, "steward_bot_welcome_greetings_total", "via=\"room\"")).isEqualTo(1);
      assertThat(sample(scrape, "steward_commands_total", "command=\"!ping\"", "outcome=\"ok\"")).isEqualTo(1);
      assertThat(sample(scrape, "steward_store_operations_seconds_count", "operation=\"command_log_record\""))
          .isEqualTo(1);

      ChromeDriver browser = chromium();
      try {
        // The token as the password of Basic authentication: how a person opens the page on a phone.
        browser.get("http://ops:" + TOKEN + "@127.0.0.1:" + ops.getPort() + "/status");
        assertThat(browser.getTitle()).isEqualTo("Steward status: @bot:test");

        WebElement commands = browser.findElement(By.cssSelector("#commands table"));
        assertThat(column(commands, 1)).containsExactly("!ping");
        assertThat(column(commands, 2)).containsExactly("ok");
        assertThat(column(commands, 4)).containsExactly(ALICE.value());

        WebElement jobs = browser.findElement(By.cssSelector("#jobs table"));
        List<String> names = column(jobs, 0);
        assertThat(names).contains("ProbeBot.nightly", "ProbeBot.tick");
        assertThat(column(jobs, 2).get(names.indexOf("ProbeBot.tick"))).isEqualTo("every 1s");
        String nightlyNext = column(jobs, 3).get(names.indexOf("ProbeBot.nightly"));
        assertThat(nightlyNext).matches("\\d{4}-\\d\\d-\\d\\d 03:00:00 UTC \\(in .+\\)");

        WebElement rooms = browser.findElement(By.cssSelector("#rooms table"));
        assertThat(column(rooms, 0)).contains(ROOM.value());
        assertThat(column(rooms, 1)).contains("Lobby <b>");
        assertThat(browser.findElement(By.cssSelector("#bots")).getText()).contains("probe", "welcome");

        // Rendered for a phone: the tables have a real size and the page itself does not scroll sideways.
        assertThat(commands.getSize().getHeight()).isGreaterThan(20);
        assertThat(jobs.getSize().getWidth()).isGreaterThan(PHONE_WIDTH / 2);
        Dimension section = browser.findElement(By.id("jobs")).getSize();
        long viewport = (Long) browser.executeScript("return window.innerWidth;");
        long pageWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth;");
        assertThat(section.getWidth()).isLessThanOrEqualTo((int) viewport);
        assertThat(pageWidth).as("page width on a %d px screen", viewport).isLessThanOrEqualTo(viewport);
        assertThat(browser.findElement(By.cssSelector("#jobs thead")).isDisplayed())
            .as("on a phone each row is a card of labelled lines, no header row").isFalse();

        // The whole page at the phone's width in one picture (beyond the window, through the DevTools protocol).
        long pageHeight = (Long) browser.executeScript("return document.documentElement.scrollHeight;");
        Map<String, Object> capture = browser.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
            "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", viewport, "height", pageHeight,
                "scale", 1)));
        byte[] png = Base64.getDecoder().decode((String) capture.get("data"));
        Path shot = Path.of("target", "status-page.png");
        Files.createDirectories(shot.getParent());
        Files.write(shot, png);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isGreaterThanOrEqualTo(PHONE_WIDTH - 20);
        assertThat(image.getHeight()).as("the whole page, taller than the window").isGreaterThan(844);
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
          for (int x = 0; x < image.getWidth(); x += 3) {
            colours.add(image.getRGB(x, y));
          }
        }
        assertThat(colours.size()).as("distinct colours in the screenshot: text, header, table lines")
            .isGreaterThan(20);
      } finally {
        browser.quit();
      }
    }
  }
}
