package dev.steward.examples.webhook;

import com.sun.net.httpserver.HttpServer;
import dev.steward.bot.annotation.Bot;
import dev.steward.client.MatrixClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts notices into rooms for other programs: {@code POST /notify} on 127.0.0.1 with
 * {@code Authorization: Bearer <token>} and {@code {"room": "!id:server", "text": "Deploy finished"}}. The bot must
 * be in the room. Answers 200 with the event id, 401 for a wrong token, 400 for a bad body, 403 for a room the
 * bot is not in.
 */
@Bot(value = "webhook", settings = WebhookSettings.class)
public class WebhookBot implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookBot.class);

  private final HttpServer server;

  /** Starts listening as {@code bots.webhook} says; the runtime bound and checked it before login. */
  public WebhookBot(WebhookSettings settings, MatrixClient client) {
    try {
      // Loopback only: anything reachable from outside belongs behind a reverse proxy with TLS.
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), settings.port()), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + settings.port(), e);
    }
    server.createContext("/notify", new NotifyHandler(settings.token(), client));
    server.start();
    log.info("webhook listening on http://127.0.0.1:{}/notify", port());
  }

  /** The port the endpoint listens on (useful when configured as 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops listening; Spring calls it when the runtime stops. */
  @Override
  public void close() {
    server.stop(0);
  }
}
