package dev.steward.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deliberately small HTTP/1.1 server for benchmarks on loopback: a thread per keep-alive connection,
 * TCP_NODELAY, {@code Content-Length} bodies only, and the whole response written in one flush. The JDK's
 * HttpServer answered some requests only after hundreds of milliseconds, so it measured itself, not the bot.
 */
final class LoopbackHttpServer implements AutoCloseable {
  /** Answers one request. */
  @FunctionalInterface
  interface Handler {
    Response handle(String method, String target, byte[] body) throws Exception;
  }

  /**
   * An answer.
   *
   * @param status the HTTP status
   * @param body the JSON body
   */
  record Response(int status, byte[] body) {}

  private final ServerSocket socket;
  private final Handler handler;
  private volatile boolean open = true;
  /** Accepted connections still open: closed with the server, so their threads end even if a client keeps them. */
  private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
  /** Connections accepted since the server started. */
  private final AtomicInteger accepted = new AtomicInteger();

  LoopbackHttpServer(Handler handler) throws IOException {
    this.handler = handler;
    // A long accept queue (the kernel caps it at net.core.somaxconn): a client that opens hundreds of connections at
    // once (matrix-bot-sdk sends every reply of a batch at once, each on a new connection past its 5 kept ones) would
    // otherwise overflow it, and each dropped SYN costs that client a 1 s retransmit that is the bench's, not its own.
    this.socket = new ServerSocket(0, 4096, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "bench-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Connections accepted since the server started. */
  int accepted() {
    return accepted.get();
  }

  private void accept() {
    while (open) {
      try {
        Socket s = socket.accept();
        s.setTcpNoDelay(true);
        connections.add(s);
        accepted.incrementAndGet();
        Thread t = new Thread(() -> serve(s), "bench-http-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        if (open) {
          throw new IllegalStateException("accept failed", e);
        }
      }
    }
  }

  private void serve(Socket s) {
    try (s; InputStream in = new BufferedInputStream(s.getInputStream());
         OutputStream out = new BufferedOutputStream(s.getOutputStream())) {
      while (open) {
        String requestLine = line(in);
        if (requestLine == null) {
          return;
        }
        int length = 0;
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
          if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
            length = Integer.parseInt(h.substring(15).trim());
          }
        }
        byte[] body = in.readNBytes(length);
        String[] parts = requestLine.split(" ");
        Response r;
        try {
          r = handler.handle(parts[0], parts[1], body);
        } catch (Exception e) {
          r = new Response(500, ("{\"errcode\":\"M_UNKNOWN\",\"error\":\"" + e + "\"}").getBytes(StandardCharsets.UTF_8));
        }
        out.write(("HTTP/1.1 " + r.status() + " X\r\nContent-Type: application/json\r\nContent-Length: "
            + r.body().length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(r.body());
        out.flush();
      }
    } catch (IOException e) {
      // The client closed the connection: nothing to answer any more.
    } finally {
      connections.remove(s);
    }
  }

  /** One CRLF-terminated line, or null at the end of the stream. */
  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = b.size();
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return n > 0 && s.charAt(n - 1) == '\r' ? s.substring(0, n - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    open = false;
    socket.close();
    for (Socket s : connections) {
      s.close();
    }
  }
}
