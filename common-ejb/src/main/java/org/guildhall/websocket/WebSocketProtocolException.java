package org.guildhall.websocket;

/** A client broke the WebSocket protocol: the connection ends with this close code and reason. */
public final class WebSocketProtocolException extends Exception {

    private final int closeCode;

    public WebSocketProtocolException(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
