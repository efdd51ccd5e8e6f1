package org.guildhall.documents.yjs;

/**
 * Checks that a string is what JavaScript's {@code JSON.parse} accepts. yjs parses embed, format and legacy JSON
 * contents when it applies an update; one that does not parse would break every client it is relayed to.
 */
final class JsonSyntax {

    private final String s;
    private int i;

    private JsonSyntax(String s) {
        this.s = s;
    }

    static boolean isValid(String text) {
        JsonSyntax p = new JsonSyntax(text);
        try {
            p.whitespace();
            p.value(0);
            p.whitespace();
            return p.i == text.length();
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static IllegalArgumentException invalid() {
        return new IllegalArgumentException();
    }

    private void whitespace() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
            } else {
                return;
            }
        }
    }

    private char peek() {
        if (i >= s.length()) {
            throw invalid();
        }
        return s.charAt(i);
    }

    private void value(int depth) {
        if (depth > Lib0Reader.MAX_NESTING) {
            throw invalid();
        }
        char c = peek();
        switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object(int depth) {
        i++;
        whitespace();
        if (peek() == '}') {
            i++;
            return;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw invalid();
            }
            string();
            whitespace();
            if (peek() != ':') {
                throw invalid();
            }
            i++;
            whitespace();
            value(depth + 1);
            whitespace();
            char c = peek();
            i++;
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw invalid();
            }
        }
    }

    private void array(int depth) {
        i++;
        whitespace();
        if (peek() == ']') {
            i++;
            return;
        }
        while (true) {
            whitespace();
            value(depth + 1);
            whitespace();
            char c = peek();
            i++;
            if (c == ']') {
                return;
            }
            if (c != ',') {
                throw invalid();
            }
        }
    }

    private void string() {
        i++; // opening quote
        while (true) {
            char c = peek();
            i++;
            if (c == '"') {
                return;
            }
            if (c < 0x20) {
                throw invalid();
            }
            if (c == '\\') {
                char e = peek();
                i++;
                switch (e) {
                    case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> {}
                    case 'u' -> {
                        for (int k = 0; k < 4; k++) {
                            char h = peek();
                            boolean hex = (h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
                            if (!hex) {
                                throw invalid();
                            }
                            i++;
                        }
                    }
                    default -> throw invalid();
                }
            }
        }
    }

    private void literal(String word) {
        if (!s.startsWith(word, i)) {
            throw invalid();
        }
        i += word.length();
    }

    private void number() {
        if (peek() == '-') {
            i++;
        }
        if (peek() == '0') {
            i++;
        } else {
            digits();
        }
        if (i < s.length() && s.charAt(i) == '.') {
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (peek() == '+' || peek() == '-') {
                i++;
            }
            digits();
        }
    }

    private void digits() {
        int start = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        if (i == start) {
            throw invalid();
        }
    }
}
