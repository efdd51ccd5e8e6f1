package org.guildhall.community;

import java.util.List;

/** A {@code community.json} that cannot be used: it is missing, unreadable, or breaks the schema. */
public class InvalidCommunityException extends RuntimeException {

    private final List<String> problems;

    public InvalidCommunityException(String source, List<String> problems) {
        super("the community file " + source + " is invalid:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
