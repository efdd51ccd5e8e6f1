package org.guildhall.sockets;

import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Optional;

/**
 * The JSON provider every socket path parses and builds its messages with. {@code Json.createReader},
 * {@code Json.createObjectBuilder} and the like look the provider up through {@link java.util.ServiceLoader} on each
 * call and get a new provider instance (with Parsson, a new buffer pool too): a cost not worth paying for every
 * message. Providers are safe for concurrent use, and {@link JsonProvider#provider()} recommends caching the result.
 */
public final class JsonMessages {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonMessages() {}

    /** A page's cursor for the next page ({@code "more"}): the value, or JSON null on the last page. */
    public static JsonValue cursor(Optional<?> more) {
        return more.map(value -> value instanceof Number number
                        ? (JsonValue) PROVIDER.createValue(number.longValue())
                        : (JsonValue) PROVIDER.createValue(value.toString()))
                .orElse(JsonValue.NULL);
    }
}
