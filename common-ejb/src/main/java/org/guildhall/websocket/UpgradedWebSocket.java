package org.guildhall.websocket;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One WebSocket connection on the Servlet upgrade API, with non-blocking reads and writes: the container calls
 * back when bytes arrive or the client can take more, and no thread waits on the socket.
 *
 * <p>Why not Jakarta WebSocket: Payara's implementation re-arms an idle timer on the container's managed scheduler
 * for every frame sent or received, whatever the timeout; profiled in benchmarks/sync, that timer and the context
 * capture it brings were about a third of the server's CPU. Here a frame costs its bytes.
 *
 * <p>The servlet that accepts the handshake creates this with {@code HttpServletRequest.upgrade} and calls
 * {@link #start} before returning; the container then calls {@link #init}. Frames are sent in the order
 * {@link #send} is called; a message is reported sent once the container has taken its bytes.
 */
public final class UpgradedWebSocket implements HttpUpgradeHandler {

    /**
     * What an endpoint does with its socket. Messages come one at a time; {@link #closed} may come from another
     * thread (a failed send) while one is handled.
     */
    public interface Handler {
        /** The socket is open: the first place to send. */
        void opened(UpgradedWebSocket socket);

        void binary(byte[] message);

        void text(String message);

        /**
         * The socket is closing or closed, called once whoever closed it: nothing more arrives.
         *
         * @param code the close code sent or received, {@link CloseCodes#ABNORMAL} when the connection just ended
         */
        void closed(int code);
    }

    private static final Logger LOG = Logger.getLogger(UpgradedWebSocket.class.getName());

    /** Bytes read per call: the container's threads each reuse one buffer, so a connection owns none. */
    private static final int READ_BUFFER_BYTES = 16 * 1024;

    /** The heartbeat's ping, the same bytes for every socket and round (a frame is never changed once built). */
    private static final byte[] PING = Frames.ping();

    private static final ThreadLocal<byte[]> READ_BUFFER = ThreadLocal.withInitial(() -> new byte[READ_BUFFER_BYTES]);

    /** A frame waiting for the client to take more bytes, and whom to tell once the container has it. */
    private record Write(byte[] frame, Consumer<Throwable> done, boolean close) {}

    private final Object lock = new Object();
    private final Deque<Write> writes = new ArrayDeque<>();

    private Handler handler;
    private FrameDecoder decoder;
    private ScheduledExecutorService scheduler;
    private Duration closeTimeout;

    private WebConnection connection;
    private ServletInputStream in;
    private ServletOutputStream out;

    // Guarded by lock.
    private boolean closeQueued;
    private boolean closeSent;
    private boolean closeReceived;
    /** After a protocol error the connection ends as soon as the close frame is out (RFC 6455 §7.1.7). */
    private boolean dropAfterClose;

    private boolean connectionClosed;
    private boolean handlerTold;

    /** Whether any bytes came from the client since the last {@link #heartbeat} round (a pong, a message, anything). */
    private volatile boolean heard = true;

    /** Whether the container has taken the last round's ping: until then the client could not have answered it. */
    private volatile boolean pingOut = true;

    /**
     * Sets the socket up; the servlet calls it right after {@code upgrade}.
     *
     * @param maxMessageBytes the largest message a client may send; a larger one closes with 1009
     * @param scheduler ends a connection whose client does not answer our close frame within {@code closeTimeout}
     */
    public void start(Handler handler, int maxMessageBytes, ScheduledExecutorService scheduler, Duration closeTimeout) {
        this.handler = handler;
        this.scheduler = scheduler;
        this.closeTimeout = closeTimeout;
        this.decoder = new FrameDecoder(maxMessageBytes, new ClientFrames());
    }

    @Override
    public void init(WebConnection webConnection) {
        connection = webConnection;
        try {
            in = webConnection.getInputStream();
            out = webConnection.getOutputStream();
        } catch (IOException e) {
            LOG.log(Level.FINE, "An upgraded connection had no streams: {0}", e.toString());
            ended();
            return;
        }
        // The write listener first: nothing may be written before it is set, and opened() sends.
        out.setWriteListener(new Writable());
        try {
            handler.opened(this);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A WebSocket endpoint failed to open", e);
            close(CloseCodes.UNEXPECTED_CONDITION, "the server could not open this socket");
        }
        in.setReadListener(new Readable());
    }

    @Override
    public void destroy() {
        ended();
    }

    /** Sends a frame; {@code done} hears null once the container has it, or the failure. */
    public void send(ServerFrame frame, Consumer<Throwable> done) {
        queue(new Write(frame.bytes(), done, false));
    }

    /**
     * One round of the heartbeat, run every interval by whoever keeps the sockets: a client that sent nothing since
     * the last round, not even the pong to its ping, is taken for gone (a dead peer or a broken network path never
     * closes the TCP connection by itself) and the connection ends now, without a closing handshake it could not
     * answer; the handler hears {@link CloseCodes#ABNORMAL}. Otherwise it is pinged. A client whose last ping is still
     * queued behind what it is slowly receiving is given the round; a socket already closing is left to its close.
     *
     * @return false when this round ended the connection
     */
    public boolean heartbeat() {
        if (closing() || !pingOut) {
            return true;
        }
        if (!heard) {
            LOG.log(Level.FINE, "A WebSocket client answered no ping for a whole round: ending its connection");
            ended();
            return false;
        }
        heard = false;
        pingOut = false;
        queue(new Write(PING, failure -> pingOut = failure == null, false));
        return true;
    }

    /**
     * Starts the closing handshake: the close frame goes after what is already queued, nothing is sent after it, and
     * the connection ends when the client answers (or after the close timeout). A socket already closing is left
     * as it is.
     */
    public void close(int code, String reason) {
        synchronized (lock) {
            if (closeQueued) {
                return;
            }
            closeQueued = true;
            writes.add(new Write(Frames.close(code, reason), null, true));
        }
        tellHandler(code);
        flush();
    }

    private void queue(Write write) {
        boolean refused;
        synchronized (lock) {
            refused = closeQueued;
            if (!refused) {
                writes.add(write);
            }
        }
        if (refused) {
            write.done().accept(new IOException("the socket is closed"));
            return;
        }
        flush();
    }

    /** Hands the container what it will take now; the rest waits for {@link Writable#onWritePossible}. */
    private void flush() {
        List<Consumer<Throwable>> written = new ArrayList<>();
        boolean endNow = false;
        boolean awaitReply = false;
        Throwable failure = null;
        synchronized (lock) {
            if (out == null || connectionClosed) {
                return; // not initialised yet (init flushes), or gone (ended() failed what was queued)
            }
            try {
                while (!writes.isEmpty() && out.isReady()) {
                    Write write = writes.poll();
                    out.write(write.frame());
                    if (write.close()) {
                        closeSent = true;
                        endNow = closeReceived || dropAfterClose;
                        awaitReply = !endNow;
                    } else {
                        written.add(write.done());
                    }
                }
                // Bytes the container buffered go out now; if it cannot take them all, it calls onWritePossible.
                if (out.isReady()) {
                    out.flush();
                }
            } catch (IOException | IllegalStateException e) {
                failure = e;
            }
        }
        written.forEach(done -> done.accept(null));
        if (failure != null) {
            LOG.log(Level.FINE, "A WebSocket write failed: {0}", failure.toString());
            ended();
        } else if (endNow) {
            closeConnection();
        } else if (awaitReply) {
            scheduler.schedule(this::closeConnection, closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The connection is gone, or must go now: what is queued fails, the handler hears of it. */
    private void ended() {
        List<Write> failed;
        synchronized (lock) {
            closeQueued = true;
            failed = new ArrayList<>(writes);
            writes.clear();
        }
        tellHandler(CloseCodes.ABNORMAL);
        IOException gone = new IOException("the connection has ended");
        failed.stream().filter(write -> write.done() != null).forEach(write -> write.done()
                .accept(gone));
        closeConnection();
    }

    private void closeConnection() {
        synchronized (lock) {
            if (connectionClosed) {
                return;
            }
            connectionClosed = true;
        }
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "Closing an upgraded connection failed: {0}", e.toString());
        }
    }

    private void tellHandler(int code) {
        synchronized (lock) {
            if (handlerTold) {
                return;
            }
            handlerTold = true;
        }
        try {
            handler.closed(code);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A WebSocket endpoint failed while closing", e);
        }
    }

    private boolean connectionClosed() {
        synchronized (lock) {
            return connectionClosed;
        }
    }

    private boolean closing() {
        synchronized (lock) {
            return closeQueued;
        }
    }

    /** Frames from the client: messages to the handler, control frames answered here. */
    private final class ClientFrames implements FrameDecoder.Listener {

        @Override
        public void binary(byte[] message) {
            if (!closing()) {
                handler.binary(message);
            }
        }

        @Override
        public void text(String message) {
            if (!closing()) {
                handler.text(message);
            }
        }

        @Override
        public void ping(byte[] payload) {
            boolean queued;
            synchronized (lock) {
                queued = !closeQueued;
                if (queued) {
                    writes.add(new Write(Frames.pong(payload), done -> {}, false));
                }
            }
            if (queued) {
                flush();
            }
        }

        @Override
        public void pong(byte[] payload) {
            // Unsolicited pongs are allowed and mean nothing (RFC 6455 §5.5.3).
        }

        @Override
        public void close(int code, String reason) {
            boolean sent;
            synchronized (lock) {
                closeReceived = true;
                sent = closeSent;
            }
            if (sent) {
                closeConnection();
            } else {
                // Echo the client's code, as RFC 6455 §5.5.1 suggests; the connection ends once the echo is out.
                UpgradedWebSocket.this.close(code == CloseCodes.NO_STATUS ? CloseCodes.NORMAL : code, "");
            }
        }
    }

    private final class Readable implements ReadListener {

        @Override
        public void onDataAvailable() {
            byte[] buffer = READ_BUFFER.get();
            try {
                // Once the connection is closed the container has recycled its buffers: a late callback reads none.
                while (!connectionClosed() && in.isReady()) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        onAllDataRead();
                        return;
                    }
                    if (!heard) {
                        heard = true; // a volatile write only once per round, not on every read
                    }
                    decoder.feed(buffer, 0, read);
                }
            } catch (WebSocketProtocolException e) {
                LOG.log(Level.FINE, "A WebSocket client broke the protocol: {0}", e.getMessage());
                synchronized (lock) {
                    dropAfterClose = true;
                }
                close(e.closeCode(), e.getMessage());
            } catch (IOException e) {
                onError(e);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "A WebSocket endpoint failed to handle a message", e);
                close(CloseCodes.UNEXPECTED_CONDITION, "the server could not handle a message");
            }
        }

        @Override
        public void onAllDataRead() {
            ended(); // the client shut its side without a close frame
        }

        @Override
        public void onError(Throwable failure) {
            LOG.log(Level.FINE, "A WebSocket read failed: {0}", failure.toString());
            ended();
        }
    }

    private final class Writable implements WriteListener {

        @Override
        public void onWritePossible() {
            flush();
        }

        @Override
        public void onError(Throwable failure) {
            LOG.log(Level.FINE, "A WebSocket write failed: {0}", failure.toString());
            ended();
        }
    }
}
