package org.guildhall.documents.yjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpdateCodecTest {

    private static final HexFormat HEX = HexFormat.of();

    /**
     * {@code Y.encodeStateAsUpdate} (yjs 13.6.33) of two clients, 1 and 2^40+7, after: formatted text with an emoji
     * and an embed, partly deleted; a map with numbers, a string, bytes, a nested map holding an array of plain
     * values, a subdocument with meta, an overwritten key; an array with a nested text and array; an XML element
     * with an attribute and text, a hook and a text; then the second client inserting 👍🏽 into the text, into the
     * nested text, and deleting a key.
     */
    static final byte[] REAL = Base64.getDecoder()
            .decode("AgKHgICAgCAAxAENAQ4I8J+RjfCfj73EASEBIgEhIQEABgEEdGV4dARib2xkBHRydWWEAQABSIEBAQGEAQIBIIQBAwrwn5iAI"
                    + "HRoZXJlhgELBGJvbGQEbnVsbMYBAwEEBGJvbGQEbnVsbMUBDQEEEXsiaW1hZ2UiOiJ4LnBuZyJ9xgEOAQQEYm9sZAR0cnVlRg"
                    + "EABml0YWxpYwR0cnVlxgECAQMGaXRhbGljBG51bGwhAQNtYXABbgEoAQNtYXABZgF8P8AAACEBA21hcAFzASMBA21hcANiaW4D"
                    + "AQIDJwEDbWFwBm5lc3RlZAEoAAEWAWsBdQV9AXcDdHdvfnh2AQFvfUApAQNtYXADc3ViJGQ5MmE2ODJjLTE5MjQtNDE5Yy04Nz"
                    + "IxLTVlNjU3MzI2YWFjN3YBBG1ldGF2AQV0aXRsZXcDc3ViqAESAX0rCAEFYXJyYXkBfQGBARoBiAEbAX0DhwEcAgQAAR0EbmVz"
                    + "dIQBIQdlZCB0ZXh0hwEdAAcBA3htbAMBcAcAASoGBAABKwRwYXJhKAABKgVjbGFzcwF3AWOHASoFBndpZGdldIcBMQYEAAEyBH"
                    + "RhaWwBAQQCARIBFAEbAQ==");

    /** {@code Y.mergeUpdates} of the first and third of three one-word inserts by client 5: a skip in between. */
    static final byte[] WITH_SKIP = Base64.getDecoder().decode("AQMFAAQBAXQDYWJjCgOEBQUDZ2hpAA==");

    @Test
    void aRealUpdateDecodesIntoEveryKindOfContentAndEncodesToTheSameBytes() throws Exception {
        Update update = Update.decode(REAL);
        assertArrayEquals(REAL, update.encode());

        Set<Class<?>> kinds = new HashSet<>();
        Set<TypeRef> types = EnumSet.noneOf(TypeRef.class);
        for (Struct s : update.structs()) {
            if (s instanceof Item item) {
                kinds.add(item.content().getClass());
                if (item.content() instanceof ContentType type) {
                    types.add(type.type());
                }
            }
        }
        assertEquals(
                Set.of(
                        ContentString.class,
                        ContentFormat.class,
                        ContentEmbed.class,
                        ContentAny.class,
                        ContentBinary.class,
                        ContentType.class,
                        ContentDoc.class,
                        ContentDeleted.class),
                kinds);
        assertEquals(
                EnumSet.of(
                        TypeRef.MAP,
                        TypeRef.ARRAY,
                        TypeRef.TEXT,
                        TypeRef.XML_ELEMENT,
                        TypeRef.XML_HOOK,
                        TypeRef.XML_TEXT),
                types);

        Item element = items(update).stream()
                .filter(i -> i.content() instanceof ContentType t && t.type() == TypeRef.XML_ELEMENT)
                .findFirst()
                .orElseThrow();
        assertEquals("p", ((ContentType) element.content()).name());
        Item subdoc = items(update).stream()
                .filter(i -> i.content() instanceof ContentDoc)
                .findFirst()
                .orElseThrow();
        assertEquals(new Parent.Root("map"), subdoc.parent());
        assertEquals("sub", subdoc.parentSub());
        assertEquals(Map.of("meta", Map.of("title", "sub")), ((ContentDoc) subdoc.content()).options());

        assertEquals(
                List.of((1L << 40) + 7, 1L),
                List.copyOf(update.structsByClient().keySet()));
        assertEquals(StateVector.of(Map.of(1L, 55L, (1L << 40) + 7, 5L)), update.stateVector());
        assertEquals("02878080808020050137", HEX.formatHex(YjsUpdates.stateVector(REAL)), "yjs's bytes");
        assertTrue(update.deleteSet().isDeleted(new Id(1, 2)));
    }

    @Test
    void theSecondClientsEditsNameTheirParentsByTheFirstClientsIds() throws Exception {
        Update update = Update.decode(REAL);
        long second = (1L << 40) + 7;
        Item intoNestedText = items(update).stream()
                .filter(i -> i.client() == second
                        && i.content() instanceof ContentString s
                        && s.text().equals("!"))
                .findFirst()
                .orElseThrow();
        assertEquals(1, intoNestedText.origin().client());
        assertFalse(intoNestedText.carriesParent());
        Item emoji = items(update).stream()
                .filter(i -> i.client() == second
                        && i.content() instanceof ContentString s
                        && s.text().equals("👍🏽"))
                .findFirst()
                .orElseThrow();
        assertEquals(4, emoji.length(), "two astral characters are four UTF-16 units");

        // A peer that has everything of the first client still gets all of the second client's edits, whose
        // parents and origins are the first client's items.
        Update missing = update.diff(StateVector.of(Map.of(1L, 55L)));
        assertEquals(
                update.structsByClient().get(second), missing.structsByClient().get(second));
        assertEquals(List.of(second), List.copyOf(missing.structsByClient().keySet()));
        Update remerged = Update.decode(YjsUpdates.merge(List.of(missing.encode(), REAL)));
        assertEquals(
                update.structsByClient().get(second), remerged.structsByClient().get(second));
        assertEquals(update.deleteSet(), missing.deleteSet(), "deletions are never filtered by a state vector");
    }

    @Test
    void skipsAreKeptAndStopTheStateVector() throws Exception {
        Update update = Update.decode(WITH_SKIP);
        assertInstanceOf(Skip.class, update.structs().get(1));
        assertArrayEquals(WITH_SKIP, update.encode());
        assertEquals("010503", HEX.formatHex(YjsUpdates.stateVector(WITH_SKIP)), "yjs counts up to the skip");
        // Y.diffUpdate's bytes for the same input: the skip stays between written parts, never leads.
        assertArrayEquals(WITH_SKIP, YjsUpdates.diff(WITH_SKIP, StateVector.EMPTY.encode()));
        assertEquals(
                "010105068405050367686900",
                HEX.formatHex(YjsUpdates.diff(
                        WITH_SKIP, StateVector.of(Map.of(5L, 3L)).encode())));
        assertEquals(
                "0101050784050602686900",
                HEX.formatHex(YjsUpdates.diff(
                        WITH_SKIP, StateVector.of(Map.of(5L, 7L)).encode())));
    }

    @Test
    void theEmptyUpdateIsTwoZeroBytes() throws Exception {
        assertArrayEquals(new byte[] {0, 0}, Update.EMPTY.encode());
        assertTrue(Update.decode(new byte[] {0, 0}).isEmpty());
        assertArrayEquals(new byte[] {0, 0}, YjsUpdates.merge(List.of()));
        assertArrayEquals(new byte[] {0}, YjsUpdates.stateVector(new byte[] {0, 0}));
    }

    @Test
    void everyTruncationOfARealUpdateIsRefusedQuickly() {
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int length = 0; length < REAL.length; length++) {
                byte[] cut = Arrays.copyOf(REAL, length);
                MalformedUpdateException e =
                        assertThrows(MalformedUpdateException.class, () -> Update.decode(cut), "length " + length);
                assertTrue(e.offset() <= length, e.getMessage());
            }
        });
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] longer = Arrays.copyOf(REAL, REAL.length + 1);
        assertThrows(MalformedUpdateException.class, () -> Update.decode(longer));
    }

    @Test
    void randomGarbageIsRefusedOrDecodedButNeverHangsOrThrowsAnythingElse() {
        Random random = new Random(20240607);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            int decoded = 0;
            for (int i = 0; i < 30000; i++) {
                byte[] input;
                if (i % 2 == 0) {
                    input = new byte[random.nextInt(64)];
                    random.nextBytes(input);
                } else {
                    // A real update with a few bytes changed: gets much further into the decoder.
                    input = (i % 4 == 1 ? REAL : WITH_SKIP).clone();
                    for (int k = 1 + random.nextInt(4); k > 0; k--) {
                        input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                    }
                }
                decoded += exercise(input) ? 1 : 0;
            }
            assertTrue(decoded > 0, "some mutations are still valid updates");
        });
    }

    /** Decodes, and if that works, uses the update every way the server does; only refusal may be thrown. */
    private static boolean exercise(byte[] input) {
        Update update;
        try {
            update = Update.decode(input);
        } catch (MalformedUpdateException expected) {
            return false;
        }
        byte[] again = update.encode();
        try {
            Update.decode(again);
            StateVector sv = update.stateVector();
            update.diff(sv).encode();
            update.diff(StateVector.EMPTY).encode();
            YjsUpdates.merge(List.of(input, REAL, again));
        } catch (MalformedUpdateException e) {
            throw new AssertionError("re-encoded update no longer decodes: " + HEX.formatHex(input), e);
        }
        return true;
    }

    @Test
    void hugeDeclaredCountsAndLengthsAreRefusedWithoutAllocating() {
        List<String> hostile = List.of(
                "ffffffffffffff0f", // 2^53-1 client blocks
                "01ffffffffffffff0f0100", // 2^53-1 structs in a block
                "0101010004010174ffffffff0f", // a 4 GiB string
                "01010100080101610175ffffffff0f", // one Any value: an array of 4G elements
                "0101010003010161ffffffff0f", // 4 GiB of binary
                "00ffffffff0f", // 4G delete-set clients
                "000101ffffffff0f"); // 4G deleted ranges of one client
        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> {
            for (String hex : hostile) {
                assertThrows(MalformedUpdateException.class, () -> Update.decode(HEX.parseHex(hex)), hex);
            }
        });
    }

    @Test
    void clocksBeyondJavaScriptsSafeIntegersAreRefused() {
        Lib0Writer out = new Lib0Writer();
        out.writeVarUint(1);
        out.writeVarUint(2);
        out.writeVarUint(7);
        out.writeVarUint(Lib0Reader.MAX_SAFE_INTEGER - 1);
        out.writeUint8(0); // GC
        out.writeVarUint(1);
        out.writeUint8(0); // GC past 2^53-1
        out.writeVarUint(1);
        out.writeVarUint(0);
        assertThrows(MalformedUpdateException.class, () -> Update.decode(out.toByteArray()));
    }

    @Test
    void whatNoYjsEncoderWritesIsRefused() {
        List<String> refused = List.of(
                "0101010080010000", // a GC with flag bits
                "010101000b00", // content kind 11
                "0101010004020174016100", // parent marker 2
                "01010100040101740000", // empty string content
                "0101010005010174037b613a0000", // an embed that is not JSON
                "01010100070101740700", // type ref 7
                "010101000a0000"); // an empty skip
        for (String hex : refused) {
            assertThrows(MalformedUpdateException.class, () -> Update.decode(HEX.parseHex(hex)), hex);
        }
    }

    @Test
    void itemsWithAKeyButAnOriginKeepTheirFlagWhenReEncodedButNotInYjsMerges() throws Exception {
        // A map value set over an earlier one: origin known, key flag on, key not on the wire.
        Lib0Writer out = new Lib0Writer();
        out.writeVarUint(1);
        out.writeVarUint(1);
        out.writeVarUint(3);
        out.writeVarUint(1);
        out.writeUint8(8 | 0x80 | 0x20);
        out.writeVarUint(3);
        out.writeVarUint(0);
        out.writeVarUint(1);
        out.writeAny(7L);
        out.writeVarUint(0);
        byte[] update = out.toByteArray();
        Item item = (Item) Update.decode(update).structs().get(0);
        assertTrue(item.keyed());
        assertNull(item.parentSub());
        assertArrayEquals(update, Update.decode(update).encode());
        byte[] viaDiff = YjsUpdates.diff(update, StateVector.EMPTY.encode());
        assertEquals(8 | 0x80, viaDiff[4] & 0xff, "yjs's lazy writer only knows keys it read");
    }

    @Test
    void anUpdateBuiltInJavaDecodesToAnEqualUpdate() throws Exception {
        long c = 77;
        Parent root = new Parent.Root("array");
        List<Struct> structs = List.of(
                new Item(c, 0, null, null, root, null, false, ContentAny.of(List.of(1L, "two", Map.of("x", 1.5)))),
                new Item(
                        c, 3, new Id(c, 2), null, null, null, false, ContentJson.of(List.of("{\"a\":1}", "undefined"))),
                new Item(c, 5, new Id(c, 4), null, null, null, false, ContentBinary.of(new byte[] {1, 2})),
                new Item(c, 6, null, null, new Parent.Root("map"), "sub", true, ContentDoc.of("guid-1", Map.of())),
                new Item(c, 7, null, null, new Parent.ItemType(new Id(c, 0)), "k", true, new ContentDeleted(1)),
                new Item(c, 8, null, new Id(3, 4), null, null, false, new ContentType(TypeRef.XML_HOOK, "hook")),
                new Item(c, 9, new Id(c, 8), null, null, null, false, new ContentFormat("bold", "true")),
                new Item(c, 10, new Id(c, 9), null, null, null, false, new ContentEmbed("{\"image\":\"i.png\"}")),
                new Gc(c, 11, 4),
                new Skip(c, 15, 2),
                new Item(c, 17, new Id(c, 14), new Id(c, 10), null, null, false, new ContentString("ok")));
        Update built = new Update(structs, DeleteSet.of(Map.of(c, List.of(new DeleteRange(7, 1)))));
        Update decoded = Update.decode(built.encode());
        assertEquals(built, decoded);
        assertEquals(
                List.of(1L, "two", Map.of("x", 1.5)),
                ((ContentAny) ((Item) decoded.structs().get(0)).content()).values());
        assertEquals(
                List.of("{\"a\":1}", "undefined"),
                ((ContentJson) ((Item) decoded.structs().get(1)).content()).values());
        assertEquals(StateVector.of(Map.of(c, 15L)), decoded.stateVector(), "up to the skip");
    }

    private static List<Item> items(Update update) {
        List<Item> items = new ArrayList<>();
        for (Struct s : update.structs()) {
            if (s instanceof Item i) {
                items.add(i);
            }
        }
        return items;
    }
}
