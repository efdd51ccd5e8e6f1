package org.guildhall.community;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Validates a {@code community.json} from the command line, with the same schema and messages as the server, so an
 * invalid file is reported in a second instead of after a server start ({@code run.sh} runs it first):
 * {@code java -cp <common-ejb and json-sKema jars> org.guildhall.community.CommunityCheck community.json}.
 * Exit status 0 when valid, 1 when not (every problem on standard error), 2 on wrong usage.
 */
public final class CommunityCheck {

    static final int VALID = 0;
    static final int INVALID = 1;
    static final int USAGE = 2;

    private CommunityCheck() {}

    public static void main(String[] args) {
        System.exit(check(args, System.out, System.err));
    }

    static int check(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 1) {
            err.println("usage: CommunityCheck <community.json>");
            return USAGE;
        }
        Path path = Path.of(args[0]);
        List<String> problems;
        if (!Files.isRegularFile(path)) {
            problems = List.of("$: no such file");
        } else {
            try {
                problems = CommunitySchema.load().problems(Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                problems = List.of("$: cannot be read: " + e);
            }
        }
        if (problems.isEmpty()) {
            out.println("The community file " + path + " is valid.");
            return VALID;
        }
        err.println(new InvalidCommunityException(path.toString(), problems).getMessage());
        return INVALID;
    }
}
