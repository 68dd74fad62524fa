package dev.steward.client.crypto;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * libolm as a peer, through Debian's python3-olm: starts {@code libolm_peer.py} under {@code /usr/bin/python3} (the
 * system Python, which has Debian's modules) and sends it requests.
 *
 * <p>Where python3-olm is missing, the tests fail when {@code CI=true} or {@code STEWARD_REQUIRE_LIBOLM=true} is in
 * the environment (or {@code -Dsteward.requireLibolm=true}), and are skipped with a message otherwise.
 * {@code scripts/test.sh} installs python3-olm, so CI always has it.
 */
final class LibOlm implements AutoCloseable {
  static final String PYTHON = System.getProperty("steward.libolm.python", "/usr/bin/python3");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Process process;
  private final BufferedWriter in;
  private final BufferedReader out;
  private final Path script;

  private LibOlm(Process process, Path script) {
    this.process = process;
    this.script = script;
    this.in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts the peer, or skips (developer run) or fails (CI) when python3-olm is missing. */
  static LibOlm start() throws IOException, InterruptedException {
    String missing = missingReason();
    if (missing != null) {
      String message = "libolm interop tests need Debian's python3-olm for " + PYTHON + ": " + missing
          + " (scripts/test.sh installs it: apt-get install python3-olm)";
      if (required()) {
        fail(message + "; required here because CI=true, STEWARD_REQUIRE_LIBOLM=true or -Dsteward.requireLibolm=true");
      }
      System.err.println("SKIPPED: " + message);
      Assumptions.abort(message + "; skipped in this developer run (set STEWARD_REQUIRE_LIBOLM=true to make it fail)");
    }
    Path script = Files.createTempFile("libolm_peer", ".py");
    try (InputStream resource = LibOlm.class.getResourceAsStream("libolm_peer.py")) {
      Files.copy(resource, script, StandardCopyOption.REPLACE_EXISTING);
    }
    Process process = new ProcessBuilder(PYTHON, script.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    return new LibOlm(process, script);
  }

  static boolean required() {
    return "true".equalsIgnoreCase(System.getenv("CI")) || "true".equalsIgnoreCase(System.getenv("STEWARD_REQUIRE_LIBOLM"))
        || Boolean.getBoolean("steward.requireLibolm");
  }

  private static String missingReason() throws IOException, InterruptedException {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return PYTHON + " does not exist";
    }
    Process probe = new ProcessBuilder(PYTHON, "-c", "import olm").redirectErrorStream(true).start();
    String output = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!probe.waitFor(30, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      return "'import olm' did not finish in 30 s";
    }
    return probe.exitValue() == 0 ? null : "'import olm' failed: " + output;
  }

  /** Sends a request and returns the answer; a refusal by libolm is an {@link IllegalStateException}. */
  JsonNode call(String op, Object... keyValues) throws IOException {
    ObjectNode request = MAPPER.createObjectNode().put("op", op);
    for (int i = 0; i < keyValues.length; i += 2) {
      request.set((String) keyValues[i], MAPPER.valueToTree(keyValues[i + 1]));
    }
    in.write(request.toString());
    in.newLine();
    in.flush();
    String line = out.readLine();
    if (line == null) {
      throw new IOException("the libolm peer exited (status " + (process.isAlive() ? "?" : process.exitValue()) + ")");
    }
    JsonNode answer = MAPPER.readTree(line);
    if (!answer.path("ok").asBoolean()) {
      throw new IllegalStateException("libolm refused " + op + ": " + answer.path("error").asText());
    }
    return answer;
  }

  @Override
  public void close() throws IOException {
    in.close();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(script);
  }
}
