package org.guildhall.community;

import com.github.erosb.jsonsKema.IJsonValue;
import com.github.erosb.jsonsKema.JsonParser;
import com.github.erosb.jsonsKema.JsonPointer;
import com.github.erosb.jsonsKema.SchemaLoader;
import com.github.erosb.jsonsKema.ValidationFailure;
import com.github.erosb.jsonsKema.Validator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * The JSON Schema of {@code community.json} (the resource {@code community.schema.json} beside this class, the
 * operators' reference). Reports every problem of a document at once, each with the JSON path it is at.
 */
public final class CommunitySchema {

    static final String RESOURCE = "community.schema.json";

    private static final String FALSE_SCHEMA = "false schema always fails";
    private static final String UNKNOWN_KEY = "not a key of community.json (a typo?)";

    private final Validator validator;

    private CommunitySchema(Validator validator) {
        this.validator = validator;
    }

    public static CommunitySchema load() {
        return new CommunitySchema(Validator.forSchema(new SchemaLoader(new JsonParser(text()).parse()).load()));
    }

    /** The text of the schema as it is kept in the repository (read once: it is served on every request). */
    public static String text() {
        return Text.SCHEMA;
    }

    /** Holds the schema's text, read when first asked for. */
    private static final class Text {
        static final String SCHEMA = resource(RESOURCE);
    }

    /** Every problem of the document as {@code "$.json.path: what is wrong"}, sorted; empty when it is valid. */
    public List<String> problems(String json) {
        IJsonValue document;
        try {
            document = new JsonParser(json).parse();
        } catch (RuntimeException e) {
            // The parser reports malformed JSON (and duplicate keys) with line and column in its message.
            return List.of("$: not a valid JSON document: " + e.getMessage());
        }
        ValidationFailure failure = validator.validate(document);
        if (failure == null) {
            return List.of();
        }
        return failure.flatten().stream()
                .map(f -> jsonPath(f.getInstance().getLocation().getPointer()) + ": " + message(f.getMessage()))
                .distinct()
                .sorted()
                .toList();
    }

    /** The validator's words, except where they describe the schema rather than the operator's mistake. */
    static String message(String validatorMessage) {
        // "additionalProperties": false reports each unknown key as the false schema failing.
        return FALSE_SCHEMA.equals(validatorMessage) ? UNKNOWN_KEY : validatorMessage;
    }

    static String jsonPath(JsonPointer pointer) {
        StringBuilder path = new StringBuilder("$");
        for (String segment : pointer.getSegments()) {
            if (segment.chars().allMatch(Character::isDigit) && !segment.isEmpty()) {
                path.append('[').append(segment).append(']');
            } else {
                path.append('.').append(segment);
            }
        }
        return path.toString();
    }

    static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(
                CommunitySchema.class.getResourceAsStream(name), () -> "missing resource " + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
