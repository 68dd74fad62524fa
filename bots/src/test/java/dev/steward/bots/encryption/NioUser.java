package dev.steward.bots.encryption;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.steward.client.EventId;
import dev.steward.client.RoomId;
import dev.steward.client.UserId;
import dev.steward.client.testing.TestHomeserver;
import dev.steward.client.testing.TestUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A second user with end-to-end encryption from outside Steward: matrix-nio on libolm (Debian's
 * {@code python3-matrix-nio}, installed by {@code scripts/e2ee-deps.sh}), run as {@code nio_user.py} and driven over
 * its stdin and stdout. What it sees in its rooms, decrypted by nio, is kept as JSON lines; see the script for both.
 */
final class NioUser implements AutoCloseable {
  private static final String PYTHON = "/usr/bin/python3";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final Writer stdin;
  private final Path stderr;
  /** Every line the driver wrote, in order. Guarded by {@code this}. */
  private final List<JsonNode> lines = new ArrayList<>();
  private final UserId userId;
  private final String deviceId;

  private NioUser(TestUser user, Path dir) throws IOException {
    this.userId = user.userId();
    this.stderr = dir.resolve("nio-" + user.localpart() + ".log");
    Path store = Files.createDirectories(dir.resolve("nio-store-" + user.localpart()));
    process = new ProcessBuilder(PYTHON, script().toString(), TestHomeserver.get().url(), user.userId().value(),
        user.password(), store.toString()).redirectError(stderr.toFile()).start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::read, "nio-" + user.localpart());
    reader.setDaemon(true);
    reader.start();
    JsonNode ready = await(0, l -> l.path("event").asText().matches("ready|error"), "nio logging in");
    if (ready.path("event").asText().equals("error")) {
      throw new AssertionError("nio could not start: " + ready + diagnostics());
    }
    deviceId = ready.path("device_id").asText();
  }

  /** Logs {@code user} in with nio (a new device), its store under {@code dir}, and waits until it has synced once. */
  static NioUser start(TestUser user, Path dir) {
    try {
      return new NioUser(user, dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + PYTHON + " (scripts/e2ee-deps.sh installs what it needs)", e);
    }
  }

  private static Path script() {
    try {
      return Path.of(Objects.requireNonNull(NioUser.class.getResource("nio_user.py"), "nio_user.py").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private void read() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = out.readLine()) != null; ) {
        JsonNode node = JSON.readTree(line);
        synchronized (this) {
          lines.add(node);
          notifyAll();
        }
      }
    } catch (IOException e) {
      // The process ended; await() reports what it wrote to stderr.
    }
  }

  UserId userId() {
    return userId;
  }

  String deviceId() {
    return deviceId;
  }

  /** Sends a command and returns its answer; a command nio failed is an AssertionError with the driver's log. */
  private synchronized JsonNode command(ObjectNode command) {
    int from = lines.size();
    String name = command.path("cmd").asText();
    try {
      stdin.write(command.toString() + "\n");
      stdin.flush();
    } catch (IOException e) {
      throw new AssertionError("nio is gone: " + e + diagnostics(), e);
    }
    JsonNode answer = await(from, l -> l.path("event").asText().equals(name)
        || (l.path("event").asText().equals("error") && l.path("cmd").asText().equals(name)), "nio's " + name);
    if (answer.path("event").asText().equals("error")) {
      throw new AssertionError("nio's " + name + " failed: " + answer.path("error").asText() + diagnostics());
    }
    return answer;
  }

  private static ObjectNode cmd(String name) {
    return JSON.createObjectNode().put("cmd", name);
  }

  /** A new encrypted room, {@code invite}d. */
  RoomId createEncryptedRoom(String name, UserId... invite) {
    ObjectNode c = cmd("create_room").put("name", name).put("encrypted", true);
    for (UserId u : invite) {
      c.withArray("invite").add(u.value());
    }
    return RoomId.of(command(c).path("room_id").asText());
  }

  /** Waits until nio has seen {@code user}'s {@code membership} (join, invite, leave) in {@code room}. */
  void awaitMembership(RoomId room, UserId user, String membership) {
    command(cmd("await_member").put("room_id", room.value()).put("user", user.value()).put("membership", membership));
  }

  /** Queries {@code user}'s devices afresh and trusts them all (so nio shares its room keys with them); their ids. */
  List<String> trust(UserId user) {
    List<String> ids = new ArrayList<>();
    command(cmd("trust").put("user", user.value())).path("devices").forEach(d -> ids.add(d.path("device_id").asText()));
    return ids;
  }

  /** Sends {@code m.text} (encrypted in an encrypted room). */
  EventId send(RoomId room, String body) {
    return EventId.of(command(cmd("send").put("room_id", room.value()).put("body", body)).path("event_id").asText());
  }

  /** Sends {@code body} encrypted with a new Megolm session whose key nobody has yet: see {@link #release}. */
  EventId sendWithheld(RoomId room, String body) {
    return EventId.of(command(cmd("send_withheld").put("room_id", room.value()).put("body", body))
        .path("event_id").asText());
  }

  /** Shares the withheld session's key with the room's devices; the users it went to. */
  List<String> release(RoomId room) {
    List<String> users = new ArrayList<>();
    command(cmd("release").put("room_id", room.value())).path("shared_with").forEach(u -> users.add(u.asText()));
    return users;
  }

  /** The first message (decrypted, if it was encrypted) in {@code room} matching {@code p}, waiting for it. */
  JsonNode awaitMessage(RoomId room, Predicate<JsonNode> p, String what) {
    return await(0, l -> l.path("event").asText().equals("message") && l.path("room_id").asText().equals(room.value())
        && p.test(l), what);
  }

  /** Every message seen so far in {@code room} matching {@code p}. */
  synchronized List<JsonNode> messages(RoomId room, Predicate<JsonNode> p) {
    return lines.stream().filter(l -> l.path("event").asText().equals("message")
        && l.path("room_id").asText().equals(room.value()) && p.test(l)).toList();
  }

  /** Events of {@code room} nio could not decrypt. */
  synchronized List<JsonNode> undecryptable(RoomId room) {
    return lines.stream().filter(l -> l.path("event").asText().equals("undecryptable")
        && l.path("room_id").asText().equals(room.value())).toList();
  }

  private synchronized JsonNode await(int from, Predicate<JsonNode> p, String what) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    int i = from;
    while (true) {
      for (; i < lines.size(); i++) {
        if (p.test(lines.get(i))) {
          return lines.get(i);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !process.isAlive() && i == lines.size()) {
        throw new AssertionError((process.isAlive() ? "not seen within " + WAIT.toSeconds() + " s: "
            : "nio stopped before: ") + what + diagnostics());
      }
      try {
        wait(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(left), 200)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }

  private String diagnostics() {
    StringBuilder s = new StringBuilder("\nnio's stdout:\n");
    synchronized (this) {
      lines.forEach(l -> s.append("  ").append(l).append('\n'));
    }
    try {
      s.append("nio's stderr (").append(stderr).append("):\n").append(Files.readString(stderr));
    } catch (IOException e) {
      s.append("(no stderr: ").append(e).append(')');
    }
    return s.toString();
  }

  @Override
  public void close() {
    try {
      synchronized (this) {
        stdin.write("{\"cmd\": \"quit\"}\n");
        stdin.flush();
      }
    } catch (IOException e) {
      // already gone
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
