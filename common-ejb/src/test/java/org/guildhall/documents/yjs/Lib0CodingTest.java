package org.guildhall.documents.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Lib0CodingTest {

    private static final HexFormat HEX = HexFormat.of();

    @Test
    void unsignedIntegersUpTo53BitsRoundTrip() throws Exception {
        long[] values = {0, 1, 127, 128, 16383, 16384, (1L << 32) + 5, Lib0Reader.MAX_SAFE_INTEGER};
        Lib0Writer out = new Lib0Writer();
        for (long v : values) {
            out.writeVarUint(v);
        }
        Lib0Reader in = new Lib0Reader(out.toByteArray());
        for (long v : values) {
            assertEquals(v, in.readVarUint());
        }
        assertEquals(0, in.remaining());
    }

    @Test
    void integersBeyondJavaScriptsSafeRangeAreRefused() {
        Lib0Writer out = new Lib0Writer();
        out.writeVarUint(Lib0Reader.MAX_SAFE_INTEGER + 1);
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(out.toByteArray()).readVarUint());
        byte[] endless = new byte[12];
        java.util.Arrays.fill(endless, (byte) 0xff);
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(endless).readVarUint());
    }

    @Test
    void anUnterminatedIntegerIsTruncatedInput() {
        MalformedUpdateException e =
                assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(new byte[] {(byte) 0x80, (byte) 0x80})
                        .readVarUint());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void signedIntegersMatchLib0() throws Exception {
        Lib0Writer out = new Lib0Writer();
        out.writeVarInt(-Lib0Reader.MAX_SAFE_INTEGER);
        assertEquals("ffffffffffffff1f", HEX.formatHex(out.toByteArray()));
        Lib0Reader in = new Lib0Reader(out.toByteArray());
        assertEquals(-Lib0Reader.MAX_SAFE_INTEGER, in.readVarInt());
    }

    @Test
    void stringsAreUtf8AndLoneSurrogatesBecomeTheReplacementCharacterAsInJavaScript() throws Exception {
        Lib0Writer out = new Lib0Writer();
        out.writeVarString("\ud83d"); // a high surrogate alone
        out.writeVarString("a\ude00b"); // a low surrogate alone
        // Bytes lib0 writes for the same strings under Node 20 (TextEncoder).
        assertEquals("03efbfbd0561efbfbd62", HEX.formatHex(out.toByteArray()));
        assertEquals("3f", HEX.formatHex("\ud83d".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "Java's own");

        Lib0Writer emoji = new Lib0Writer();
        emoji.writeVarString("ß😀👨‍👩‍👧");
        assertEquals("ß😀👨‍👩‍👧", new Lib0Reader(emoji.toByteArray()).readVarString());
    }

    @Test
    void invalidUtf8IsRefusedAndAByteOrderMarkKept() throws Exception {
        String[] invalid = {
            "02c0af", // overlong '/'
            "03eda080", // an encoded surrogate (CESU-8)
            "02e282", // a cut sequence
            "01ff",
            "04f4908080" // beyond U+10FFFF
        };
        for (String hex : invalid) {
            assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(HEX.parseHex(hex)).readVarString(), hex);
        }
        assertEquals("\ufeffx", new Lib0Reader(HEX.parseHex("04efbbbf78")).readVarString());
    }

    @Test
    void declaredLengthsBeyondTheInputAreRefusedBeforeAllocating() {
        Lib0Writer out = new Lib0Writer();
        out.writeVarUint(Lib0Reader.MAX_SAFE_INTEGER);
        out.writeUint8(1);
        byte[] hostile = out.toByteArray();
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(hostile).readVarBytes());
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(hostile).readVarString());
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(hostile).readCount("things"));
        byte[] hugeArray = new byte[hostile.length + 1];
        hugeArray[0] = 117; // an Any array of 2^53-1 elements
        System.arraycopy(hostile, 0, hugeArray, 1, hostile.length);
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(hugeArray).readAny());
    }

    @Test
    void anyValuesAreWrittenWithTheTagsJavaScriptWouldChoose() throws Exception {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("k", 1L);
        List<Object> values = new ArrayList<>(List.of(
                0L,
                -0.0d,
                1L,
                -1L,
                63L,
                64L,
                -64L,
                2147483647L,
                2147483648L,
                -2147483648L,
                1.5d,
                0.1d,
                (double) ((1L << 40) + 3),
                Double.NaN,
                Double.POSITIVE_INFINITY,
                "ß😀",
                true,
                false));
        values.add(null);
        values.add(JsUndefined.INSTANCE);
        values.add(List.of(1L, "a"));
        values.add(object);
        values.add(new byte[] {9});
        values.add(BigInteger.valueOf(1234567890123456789L));
        Lib0Writer out = new Lib0Writer();
        values.forEach(out::writeAny);
        // lib0 0.2.120's writeAny for the same JavaScript values.
        String lib0 = "7d007d407d017d417d3f7d80017dc0017dbfffffff0f7c4f0000007ccf0000007c3fc000007b3fb999999999999a"
                + "7b42700000000030007b7ff80000000000007c7f8000007706c39ff09f988078797e7f75027d017701617601016b7d01"
                + "7401097a112210f47de98115";
        assertEquals(lib0, HEX.formatHex(out.toByteArray()));

        Lib0Reader in = new Lib0Reader(out.toByteArray());
        List<Object> read = new ArrayList<>();
        while (in.hasRemaining()) {
            read.add(in.readAny());
        }
        assertEquals(values.size(), read.size());
        assertEquals(-0.0d, read.get(1));
        assertEquals(2147483648.0d, read.get(8));
        assertEquals(List.of(1L, "a"), read.get(20));
        assertEquals(Map.of("k", 1L), read.get(21));
        assertArrayEquals(new byte[] {9}, (byte[]) read.get(22));
        assertInstanceOf(BigInteger.class, read.get(23));
        assertEquals(JsUndefined.INSTANCE, read.get(19));
        Lib0Writer again = new Lib0Writer();
        read.forEach(again::writeAny);
        assertEquals(lib0, HEX.formatHex(again.toByteArray()));
    }

    @Test
    void anyValuesNestedWithoutEndAreRefusedWithoutExhaustingTheStack() {
        byte[] deep = new byte[20000];
        for (int i = 0; i < deep.length; i += 2) {
            deep[i] = 117; // array
            deep[i + 1] = 1; // of one element
        }
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(deep).readAny());
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(deep).skipAny());
    }

    @Test
    void unknownAnyTagsAreRefused() {
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(new byte[] {115}).readAny());
        assertThrows(MalformedUpdateException.class, () -> new Lib0Reader(new byte[] {(byte) 128}).skipAny());
    }

    @Test
    void jsonIsCheckedAsJsonParseWouldCheckIt() {
        for (String ok : List.of("null", " {\"a\":[1,-2.5e+3,true,\"\\u00e9\\n\"]} ", "\"\"", "0", "[]", "{}")) {
            assertTrue(JsonSyntax.isValid(ok), ok);
        }
        for (String bad : List.of("", "undefined", "{a:1}", "[1,]", "01", "\"\u0001\"", "\"\\u12g4\"", "1 2", "NaN")) {
            assertTrue(!JsonSyntax.isValid(bad), bad);
        }
    }
}
