package org.guildhall.database;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;
import org.eclipse.microprofile.config.spi.ConfigSource;
import org.eclipse.microprofile.config.spi.Converter;

/** A MicroProfile Config over a map of strings, for tests outside a container. */
record MapConfig(Map<String, String> values) implements Config {

    @Override
    public <T> T getValue(String name, Class<T> type) {
        return getOptionalValue(name, type).orElseThrow(() -> new NoSuchElementException(name));
    }

    @Override
    public ConfigValue getConfigValue(String name) {
        throw new UnsupportedOperationException();
    }

    @Override
    public <T> Optional<T> getOptionalValue(String name, Class<T> type) {
        String value = values.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (type == String.class) {
            return Optional.of(type.cast(value));
        }
        if (type == Long.class) {
            return Optional.of(type.cast(Long.valueOf(value)));
        }
        if (type == Integer.class) {
            return Optional.of(type.cast(Integer.valueOf(value)));
        }
        throw new UnsupportedOperationException(type.getName());
    }

    @Override
    public <T> Optional<List<T>> getOptionalValues(String name, Class<T> type) {
        return getOptionalValue(name, String.class)
                .map(value -> List.of(value.split(",")).stream().map(type::cast).toList());
    }

    @Override
    public Iterable<String> getPropertyNames() {
        return values.keySet();
    }

    @Override
    public Iterable<ConfigSource> getConfigSources() {
        return List.of();
    }

    @Override
    public <T> Optional<Converter<T>> getConverter(Class<T> forType) {
        return Optional.empty();
    }

    @Override
    public <T> T unwrap(Class<T> type) {
        throw new IllegalArgumentException(type.getName());
    }
}
