package org.guildhall.sockets;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON provider every socket path parses and builds its messages with. {@code Json.createReader},
 * {@code Json.createObjectBuilder} and the like look the provider up through {@link java.util.ServiceLoader} on each
 * call and get a new provider instance (with Parsson, a new buffer pool too): a cost not worth paying for every
 * message. Providers are safe for concurrent use, and {@link JsonProvider#provider()} recommends caching the result.
 */
public final class JsonMessages {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonMessages() {}
}
