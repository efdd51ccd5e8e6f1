package org.guildhall.system;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What a client of Guildhall does over the wire: HTTP calls and real WebSocket connections. */
final class Client {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI base;

    Client(URI base) {
        this.base = base;
    }

    static Client localhost(int port) {
        return new Client(URI.create("http://localhost:" + port));
    }

    URI base() {
        return base;
    }

    HttpResponse<String> get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return get(path, Map.of());
    }

    HttpResponse<String> getWithToken(String path, String token) throws IOException, InterruptedException {
        return get(path, Map.of("Authorization", "Bearer " + token));
    }

    HttpResponse<String> postJson(String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJsonWithToken(String path, String json, String token)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    /** Opens a socket; the outcome is the open socket or the HTTP status that refused the handshake. */
    Handshake connect(String path, Map<String, String> headers, String... subprotocols) throws InterruptedException {
        URI uri = URI.create(base.toString().replaceFirst("^http", "ws")).resolve(path);
        Messages messages = new Messages();
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        try {
            WebSocket socket = builder.buildAsync(uri, messages).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return new Handshake(socket, messages, 101);
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return new Handshake(null, messages, refused.getResponse().statusCode());
            }
            throw new AssertionError("the handshake failed without an HTTP answer", e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("no handshake answer within " + TIMEOUT, e);
        }
    }

    record Handshake(WebSocket socket, Messages messages, int status) {

        boolean accepted() {
            return socket != null;
        }

        String exchange(String text) throws InterruptedException {
            socket.sendText(text, true).join();
            return messages.next();
        }

        /** Closes the socket; one the test already closed, or the server closed, is left as it is. */
        void close() {
            if (socket != null && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                        .exceptionally(alreadyClosed -> socket)
                        .join();
            }
        }
    }

    /** Collects whole text messages as they arrive, and the close code when the server closes. */
    static final class Messages implements WebSocket.Listener {
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        private final java.util.concurrent.CompletableFuture<Integer> closed =
                new java.util.concurrent.CompletableFuture<>();
        private volatile String closeReason;

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            closed.complete(-1);
        }

        /** The close code the server sent, waiting for it. */
        int closeCode() throws InterruptedException {
            try {
                return closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("the socket was not closed within " + TIMEOUT, e);
            }
        }

        /** The reason the server gave with its close, waiting for it. */
        String closeReason() throws InterruptedException {
            closeCode();
            return closeReason;
        }

        boolean isClosed() {
            return closed.isDone();
        }

        /** The next message whose JSON type is {@code type}, skipping others. */
        jakarta.json.JsonObject next(String type) throws InterruptedException {
            while (true) {
                jakarta.json.JsonObject message = json(next());
                if (type.equals(message.getString("type", ""))) {
                    return message;
                }
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                received.add(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        String next() throws InterruptedException {
            String message = received.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + TIMEOUT);
            }
            return message;
        }
    }
}
