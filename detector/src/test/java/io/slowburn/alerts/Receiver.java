package io.slowburn.alerts;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real local HTTP receiver (the JDK's server): records every request and answers a status (200 unless told). */
final class Receiver implements AutoCloseable {

    /** One request as received. */
    record Request(String method, String path, Headers headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Statuses to answer, in turn; then {@link #status}. */
    final List<Integer> next = new CopyOnWriteArrayList<>();
    volatile int status = 200;
    private final HttpServer server;

    private Receiver(HttpServer server) {
        this.server = server;
        server.createContext("/", ex -> {
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestHeaders(),
                    ex.getRequestBody().readAllBytes()));
            int s = next.isEmpty() ? status : next.remove(0);
            byte[] answer = (s < 300 ? "ok" : "no").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(s, answer.length);
            ex.getResponseBody().write(answer);
            ex.close();
        });
        server.start();
    }

    static Receiver start() {
        return startOn(0);
    }

    static Receiver startOn(int port) {
        try {
            return new Receiver(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port nothing listens on (yet). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
