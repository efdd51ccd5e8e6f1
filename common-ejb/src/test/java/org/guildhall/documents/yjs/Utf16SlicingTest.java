package org.guildhall.documents.yjs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * String clocks count UTF-16 code units while the wire carries UTF-8: a cut at a clock offset is a cut between
 * UTF-16 units, possibly inside a surrogate pair, and the half left alone is written as U+FFFD (EF BF BD) as
 * JavaScript writes it. The expected bytes below are what yjs 13.6.33 produces for the same calls.
 */
class Utf16SlicingTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final long CLIENT = 9;

    /** Client 9 typed "a😀b" into the root text "t": four clock units, six UTF-8 bytes. */
    private static final byte[] A_EMOJI_B = HEX.parseHex("01010900040101740661f09f98806200");

    @Test
    void anEmojiTakesTwoClockUnits() throws Exception {
        Update update = Update.decode(A_EMOJI_B);
        Item item = (Item) update.structs().get(0);
        assertEquals(4, item.length());
        assertEquals(StateVector.of(Map.of(CLIENT, 4L)), update.stateVector());
        Update built = new Update(
                List.of(new Item(CLIENT, 0, null, null, new Parent.Root("t"), null, false, new ContentString("a😀b"))),
                DeleteSet.EMPTY);
        assertEquals(HEX.formatHex(A_EMOJI_B), HEX.formatHex(built.encode()));
    }

    @Test
    void aDiffStartingInsideASurrogatePairWritesTheReplacementCharacter() throws Exception {
        byte[] diff =
                YjsUpdates.diff(A_EMOJI_B, StateVector.of(Map.of(CLIENT, 2L)).encode());
        assertEquals("0101090284090104efbfbd6200", HEX.formatHex(diff));
        Item right = (Item) Update.decode(diff).structs().get(0);
        assertEquals("\uFFFDb", ((ContentString) right.content()).text());
        assertEquals(new Id(CLIENT, 1), right.origin());
    }

    @Test
    void slicingKeepsTheLengthAndReplacesTheCutHalfAsYjsDoes() {
        ContentString text = new ContentString("a😀b");
        ContentString right = text.sliceFrom(2);
        assertEquals("\uFFFDb", right.text());
        assertEquals(2, right.length());
        assertEquals("😀b", text.sliceFrom(1).text(), "a cut before the pair leaves it whole");
        assertEquals("b", text.sliceFrom(3).text(), "a cut after the pair");

        Lib0Writer out = new Lib0Writer();
        out.writeVarString("😀".substring(1));
        assertEquals("03efbfbd", HEX.formatHex(out.toByteArray()), "not Java's '?'");
        assertEquals("3f", HEX.formatHex("😀".substring(1).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void mergingOverlappingCopiesCutsTheLaterOneAtTheUtf16Offset() throws Exception {
        // The left half as yjs's own split leaves it: "a" and U+FFFD, two clock units.
        byte[] left = HEX.parseHex("01010900040101740461efbfbd00");
        byte[] merged = YjsUpdates.merge(List.of(left, A_EMOJI_B));
        assertEquals("01020900040101740461efbfbd84090104efbfbd6200", HEX.formatHex(merged));
        assertEquals(StateVector.of(Map.of(CLIENT, 4L)), Update.decode(merged).stateVector());
    }

    @Test
    void theSameRangeArrivingManyTimesIsWrittenOnce() throws Exception {
        byte[] merged = YjsUpdates.merge(List.of(A_EMOJI_B, A_EMOJI_B, A_EMOJI_B, A_EMOJI_B));
        assertEquals(HEX.formatHex(A_EMOJI_B), HEX.formatHex(merged));
    }
}
