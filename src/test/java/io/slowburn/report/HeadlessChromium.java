package io.slowburn.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OS's headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client: navigate, wait for
 * the load, evaluate an expression, take a screenshot, and collect what a person would see in the console (errors,
 * uncaught exceptions, failed loads) and every request the page made. Started with a fresh profile and no background
 * networking; closed (and its profile deleted) by {@link #close()}.
 */
final class HeadlessChromium implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new ArrayList<>();

    private HeadlessChromium(Process process, Path profile, WebSocket socket) {
        this.process = process;
        this.profile = profile;
        this.socket = socket;
    }

    /** The Chromium binary: {@code $SLOWBURN_CHROMIUM}, else the Debian package's, else none. */
    static Optional<Path> binary() {
        String env = System.getenv("SLOWBURN_CHROMIUM");
        List<String> candidates = env == null || env.isBlank() ? List.of("/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome") : List.of(env);
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst();
    }

    static HeadlessChromium start(Path binary, Path logFile, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("slowburn-chromium-");
        Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--hide-scrollbars", "--user-data-dir=" + profile, "--remote-debugging-port=0",
                "--window-size=" + width + "," + height, "about:blank")
                .redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (!(Files.exists(portFile) && Files.readAllLines(portFile).size() >= 2)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("chromium did not open its DevTools port; see " + logFile);
                }
                Thread.sleep(100);
            }
            int port = Integer.parseInt(Files.readAllLines(portFile).get(0).trim());
            HttpClient http = HttpClient.newHttpClient();
            String list = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            String ws = null;
            for (JsonNode target : JSON.readTree(list)) {
                if ("page".equals(target.path("type").asText())) {
                    ws = target.get("webSocketDebuggerUrl").asText();
                    break;
                }
            }
            if (ws == null) {
                throw new IllegalStateException("chromium has no page target: " + list);
            }
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), listener).get(30, TimeUnit.SECONDS);
            HeadlessChromium c = new HeadlessChromium(p, profile, socket);
            listener.owner = c;
            for (String domain : List.of("Page", "Runtime", "Log", "Network")) {
                c.call(domain + ".enable", JSON.createObjectNode());
            }
            return c;
        } catch (Exception e) {
            p.destroyForcibly();
            io.slowburn.broker.Directories.deleteRecursively(profile);
            throw e;
        }
    }

    /** Opens the URL and waits for its load event. */
    void open(String url) throws Exception {
        int before = eventCount();
        ObjectNode params = JSON.createObjectNode().put("url", url);
        JsonNode r = call("Page.navigate", params);
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("cannot open " + url + ": " + r.get("errorText").asText());
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (events(before).stream().noneMatch(e -> "Page.loadEventFired".equals(e.path("method").asText()))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no load event for " + url);
            }
            Thread.sleep(50);
        }
    }

    /** The value of a JavaScript expression evaluated in the page (run by DevTools, not by the page). */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true));
        if (r.has("exceptionDetails")) {
            throw new IllegalStateException("evaluation failed: " + r.get("exceptionDetails"));
        }
        return r.path("result").path("value");
    }

    /** A PNG of the viewport. */
    byte[] screenshot() throws Exception {
        JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
        return Base64.getDecoder().decode(r.get("data").asText());
    }

    /** What the console showed as errors: console.error/assert calls, uncaught exceptions, log entries of level error. */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events(0)) {
            String m = e.path("method").asText();
            JsonNode p = e.path("params");
            if ("Runtime.exceptionThrown".equals(m)) {
                out.add("exception: " + p.path("exceptionDetails"));
            } else if ("Runtime.consoleAPICalled".equals(m) && List.of("error", "assert").contains(p.path("type").asText())) {
                out.add("console." + p.path("type").asText() + ": " + p.path("args"));
            } else if ("Log.entryAdded".equals(m) && "error".equals(p.path("entry").path("level").asText())) {
                out.add("log: " + p.path("entry").path("text").asText() + " " + p.path("entry").path("url").asText());
            } else if ("Page.javascriptDialogOpening".equals(m)) {
                out.add("dialog: " + p.path("message").asText());
            }
        }
        return out;
    }

    /** The URL of every request the pages made. */
    List<String> requests() {
        List<String> out = new ArrayList<>();
        for (JsonNode e : events(0)) {
            if ("Network.requestWillBeSent".equals(e.path("method").asText())) {
                out.add(e.path("params").path("request").path("url").asText());
            }
        }
        return out;
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> f = new CompletableFuture<>();
        pending.put(id, f);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(JSON.writeValueAsString(msg), true).get(30, TimeUnit.SECONDS);
        JsonNode reply = f.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    private synchronized int eventCount() {
        return events.size();
    }

    private synchronized List<JsonNode> events(int from) {
        return new ArrayList<>(events.subList(from, events.size()));
    }

    private void received(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(n.get("id").asInt());
                if (f != null) {
                    f.complete(n);
                }
            } else {
                synchronized (this) {
                    events.add(n);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable DevTools message", e);
        }
    }

    @Override
    public void close() {
        try {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // closing anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        io.slowburn.broker.Directories.deleteRecursively(profile);
    }

    /** Reassembles the socket's text frames into messages. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder buffer = new StringBuilder();
        volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            buffer.append(data);
            if (last) {
                String text = buffer.toString();
                buffer.setLength(0);
                while (owner == null) {
                    Thread.onSpinWait();
                }
                owner.received(text);
            }
            webSocket.request(1);
            return null;
        }
    }
}
