package org.guildhall.documents.yjs;

import java.util.List;

/**
 * Writes structs as v1 client blocks. Consecutive structs of one client with consecutive clocks share a block, as
 * in yjs's lazy writer; a struct that does not continue the block's clocks starts a new block, because a block's
 * clocks are implied by its first clock.
 */
final class StructWriter {

    private StructWriter() {}

    static void write(Lib0Writer out, List<? extends Struct> structs) {
        int blocks = 0;
        for (int i = 0; i < structs.size(); i++) {
            if (i == 0 || startsBlock(structs.get(i - 1), structs.get(i))) {
                blocks++;
            }
        }
        out.writeVarUint(blocks);
        int i = 0;
        while (i < structs.size()) {
            int j = i + 1;
            while (j < structs.size() && !startsBlock(structs.get(j - 1), structs.get(j))) {
                j++;
            }
            Struct first = structs.get(i);
            out.writeVarUint(j - i);
            out.writeVarUint(first.client());
            out.writeVarUint(first.clock());
            for (int k = i; k < j; k++) {
                writeStruct(out, structs.get(k));
            }
            i = j;
        }
    }

    private static boolean startsBlock(Struct previous, Struct next) {
        return previous.client() != next.client() || previous.end() != next.clock();
    }

    static void writeStruct(Lib0Writer out, Struct struct) {
        if (struct instanceof Item item) {
            writeItem(out, item);
        } else if (struct instanceof Gc gc) {
            out.writeUint8(0);
            out.writeVarUint(gc.length());
        } else {
            out.writeUint8(10);
            out.writeVarUint(struct.length());
        }
    }

    private static void writeItem(Lib0Writer out, Item item) {
        Id origin = item.origin();
        Id rightOrigin = item.rightOrigin();
        int info = item.content().ref()
                | (origin != null ? 0x80 : 0)
                | (rightOrigin != null ? 0x40 : 0)
                | (item.keyed() ? 0x20 : 0);
        out.writeUint8(info);
        if (origin != null) {
            out.writeVarUint(origin.client());
            out.writeVarUint(origin.clock());
        }
        if (rightOrigin != null) {
            out.writeVarUint(rightOrigin.client());
            out.writeVarUint(rightOrigin.clock());
        }
        if (item.carriesParent()) {
            if (item.parent() instanceof Parent.Root root) {
                out.writeVarUint(1);
                out.writeVarString(root.name());
            } else {
                Id parent = ((Parent.ItemType) item.parent()).id();
                out.writeVarUint(0);
                out.writeVarUint(parent.client());
                out.writeVarUint(parent.clock());
            }
            if (item.parentSub() != null) {
                out.writeVarString(item.parentSub());
            }
        }
        item.content().write(out);
    }
}
