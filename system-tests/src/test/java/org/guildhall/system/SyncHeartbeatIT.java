package org.guildhall.system;

import static org.guildhall.system.SyncWebSocketFramingIT.EMPTY_STEP_1;
import static org.guildhall.system.SyncWebSocketFramingIT.EMPTY_STEP_2;
import static org.guildhall.system.SyncWebSocketFramingIT.OPCODE_BINARY;
import static org.guildhall.system.SyncWebSocketFramingIT.OPCODE_PING;
import static org.guildhall.system.SyncWebSocketFramingIT.OPCODE_PONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.guildhall.system.SyncWebSocketFramingIT.RawWebSocket;
import org.junit.jupiter.api.Test;

/**
 * The sync endpoint's heartbeat, on its own server ({@code run.sh} with a 1 s {@code guildhall.sync.heartbeat}, so
 * that a round is short enough to wait for): every client is pinged; one that answers nothing for a whole round is
 * dropped, and the document's other clients hear its presence removed; one that answers stays.
 */
class SyncHeartbeatIT {

    private static final String HEARTBEAT = "PT1S";

    private static final int MESSAGE_AWARENESS = 1;

    @Test
    void aClientThatAnswersNoPingIsDroppedAndItsPresenceRemovedWhileOneThatAnswersStays() throws Exception {
        Path data = RunScript.freshDataDir("heartbeat-data");
        String options =
                System.getProperty("guildhall.it.jvm.options", "") + " -Dguildhall.sync.heartbeat=" + HEARTBEAT;
        try (RunScript server = RunScript.start(data, Map.of("JAVA_OPTS", options.strip()))) {
            server.awaitLine(line -> line.startsWith("Guildhall is ready on"), RunScript.START_TIMEOUT);
            String path = "/sync/heartbeat-" + UUID.randomUUID() + "?access_token=" + token(server);

            RawWebSocket silent = RawWebSocket.open(server.port(), path, Map.of());
            RawWebSocket watcher = null;
            try {
                assertEquals(101, silent.status(), silent.head());
                assertArrayEquals(EMPTY_STEP_1, silent.readFrame().payload());
                long silentClient = 4_711;
                silent.send(true, 0, OPCODE_BINARY, true, awareness(silentClient, 1, "{\"user\":\"silent\"}"));

                watcher = RawWebSocket.open(server.port(), path, Map.of());
                assertEquals(101, watcher.status(), watcher.head());
                AnsweringReader answering = new AnsweringReader(watcher);
                answering.start();
                assertArrayEquals(EMPTY_STEP_1, answering.nextMessage());
                assertEquals(
                        "{\"user\":\"silent\"}",
                        awarenessStateOf(answering.nextMessage(), silentClient),
                        "a newcomer hears the presence of the client already there");

                // The silent client reads but never answers: it is pinged, then dropped without a closing handshake.
                int pinged = 0;
                for (RawWebSocket.Frame frame = silent.readFrameOrEnd();
                        frame != null;
                        frame = silent.readFrameOrEnd()) {
                    assertTrue(frame.opcode() == OPCODE_PING || frame.opcode() == OPCODE_BINARY, frame.toString());
                    if (frame.opcode() == OPCODE_PING) {
                        pinged++;
                    }
                }
                assertTrue(pinged >= 1, "pinged, unanswered, then the connection ends");
                // The state may still reach the others once more (relayed as it was set) before its removal does.
                String state;
                do {
                    state = awarenessStateOf(answering.nextMessage(), silentClient);
                } while (state.equals("{\"user\":\"silent\"}"));
                assertEquals("null", state, "the others hear the dropped client's presence removed");

                // The answering client has been pinged all along and is still served, rounds later.
                assertTrue(answering.pings.tryAcquire(3, Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                answering.send(OPCODE_BINARY, EMPTY_STEP_1);
                assertArrayEquals(EMPTY_STEP_2, answering.nextMessage());
            } finally {
                silent.closeQuietly();
                if (watcher != null) {
                    watcher.closeQuietly();
                }
            }
        }
    }

    private static String token(RunScript server) throws Exception {
        HttpResponse<String> minted =
                server.client().postJson("/notifications/api/dev/token", "{\"user\":\"heartbeat\",\"groups\":[]}");
        assertEquals(200, minted.statusCode(), minted.body());
        return Client.json(minted.body()).getString("token");
    }

    /** A y-websocket awareness message with one client's state. */
    private static byte[] awareness(long client, long clock, String state) {
        ByteArrayOutputStream update = new ByteArrayOutputStream();
        writeVarUint(update, 1);
        writeVarUint(update, client);
        writeVarUint(update, clock);
        byte[] json = state.getBytes(StandardCharsets.UTF_8);
        writeVarUint(update, json.length);
        update.writeBytes(json);
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        writeVarUint(message, MESSAGE_AWARENESS);
        writeVarUint(message, update.size());
        message.writeBytes(update.toByteArray());
        return message.toByteArray();
    }

    /** The state an awareness message gives {@code client} ("null" when removed); fails if it is not one. */
    private static String awarenessStateOf(byte[] message, long client) {
        int[] at = {0};
        assertEquals(MESSAGE_AWARENESS, readVarUint(message, at), "an awareness message was expected");
        readVarUint(message, at); // the update's length
        long count = readVarUint(message, at);
        for (long i = 0; i < count; i++) {
            long id = readVarUint(message, at);
            readVarUint(message, at); // clock
            int length = (int) readVarUint(message, at);
            String state = new String(message, at[0], length, StandardCharsets.UTF_8);
            at[0] += length;
            if (id == client) {
                return state;
            }
        }
        throw new AssertionError("the awareness message has no state of client " + client);
    }

    private static void writeVarUint(ByteArrayOutputStream out, long value) {
        long rest = value;
        while (rest > 0x7F) {
            out.write((int) (0x80 | (rest & 0x7F)));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static long readVarUint(byte[] bytes, int[] at) {
        long value = 0;
        int shift = 0;
        while (true) {
            int b = bytes[at[0]++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if (b < 0x80) {
                return value;
            }
            shift += 7;
        }
    }

    /**
     * Reads a socket on a thread of its own as a live client would: each ping answered with its pong at once, each
     * binary message handed to the test, whatever the test is waiting for meanwhile.
     */
    private static final class AnsweringReader extends Thread {
        private final RawWebSocket socket;
        private final BlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
        private final Semaphore pings = new Semaphore(0);
        private volatile Throwable failure;

        AnsweringReader(RawWebSocket socket) {
            super("heartbeat test reader");
            this.socket = socket;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    RawWebSocket.Frame frame = socket.readFrame();
                    if (frame.opcode() == OPCODE_PING) {
                        send(OPCODE_PONG, frame.payload());
                        pings.release();
                    } else if (frame.opcode() == OPCODE_BINARY) {
                        messages.add(frame.payload());
                    } else {
                        throw new AssertionError("an unexpected frame: " + frame);
                    }
                }
            } catch (IOException | AssertionError e) {
                failure = e;
            }
        }

        /** Sends one masked frame; the reader's pongs and the test's messages never interleave. */
        synchronized void send(int opcode, byte[] payload) throws IOException {
            socket.send(true, 0, opcode, true, payload);
        }

        byte[] nextMessage() throws InterruptedException {
            byte[] message = messages.poll(Client.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (message == null) {
                throw new AssertionError("no message within " + Client.TIMEOUT, failure);
            }
            return message;
        }
    }
}
