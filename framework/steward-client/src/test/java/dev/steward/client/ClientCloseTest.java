package dev.steward.client;

import static dev.steward.client.Fixtures.ok;
import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Closing a client releases the keep-alive connections it owns, and leaves a caller's OkHttp client alone. */
class ClientCloseTest {
  private static final String WHOAMI = "{\"user_id\":\"@bot:localhost\",\"device_id\":\"DEV1\"}";

  private final MockWebServer server = new MockWebServer();

  @AfterEach
  void shutdown() throws Exception {
    server.shutdown();
  }

  @Test
  void closingAClientBuiltFromNothingClosesItsIdleConnections() {
    server.enqueue(ok(WHOAMI));
    MatrixClient client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t").build();
    client.whoami();
    assertThat(client.http().okHttp().connectionPool().connectionCount()).as("kept alive after the call").isOne();

    client.close();

    assertThat(client.http().okHttp().connectionPool().connectionCount()).isZero();
    assertThat(client.http().okHttp().dispatcher().executorService().isShutdown()).isTrue();
  }

  @Test
  void closingLeavesTheCallersOkHttpClientAsItWas() {
    server.enqueue(ok(WHOAMI));
    OkHttpClient shared = new OkHttpClient();
    MatrixClient client = MatrixClient.builder().homeserver(server.url("/")).accessToken("t").okHttpClient(shared)
        .build();
    client.whoami();

    client.close();

    assertThat(shared.connectionPool().connectionCount()).as("the caller's pool, shared by the client").isOne();
    assertThat(shared.dispatcher().executorService().isShutdown()).isFalse();
    shared.connectionPool().evictAll();
  }
}
