package org.guildhall.documents.yjs;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the structs of a v1 update: for each client block its struct count, client, first clock, then the structs
 * back to back. Refuses what no yjs encoder writes (unknown struct or content kinds, empty structs, parent markers
 * other than 0 and 1, unparsable JSON), because a client applying it would throw or diverge.
 */
final class StructDecoder {

    private static final int BIT_ORIGIN = 0x80;
    private static final int BIT_RIGHT_ORIGIN = 0x40;
    private static final int BIT_PARENT_SUB = 0x20;
    private static final int CONTENT_BITS = 0x1f;
    private static final int SKIP = 10;

    private final Lib0Reader in;

    StructDecoder(Lib0Reader in) {
        this.in = in;
    }

    List<Struct> readStructs() throws MalformedUpdateException {
        int blocks = in.readCount("client blocks");
        List<Struct> structs = new ArrayList<>(Math.min(blocks, 1024) * 4);
        for (int b = 0; b < blocks; b++) {
            int count = in.readCount("structs");
            long client = in.readVarUint();
            long clock = in.readVarUint();
            for (int i = 0; i < count; i++) {
                Struct s = readStruct(client, clock);
                if (s.length() > Lib0Reader.MAX_SAFE_INTEGER - clock) {
                    throw in.malformed("clock of client " + client + " beyond 2^53-1");
                }
                clock += s.length();
                structs.add(s);
            }
        }
        return structs;
    }

    private Struct readStruct(long client, long clock) throws MalformedUpdateException {
        int at = in.position();
        int info = in.readUint8();
        if (info == SKIP) {
            return new Skip(client, clock, positiveLength("skip"));
        }
        int ref = info & CONTENT_BITS;
        if (ref == 0) {
            if (info != 0) {
                throw new MalformedUpdateException("GC struct with flag bits " + info, at);
            }
            return new Gc(client, clock, positiveLength("GC range"));
        }
        if (ref > 9) {
            throw new MalformedUpdateException("unknown content kind " + ref, at);
        }
        Id origin = (info & BIT_ORIGIN) != 0 ? readId() : null;
        Id rightOrigin = (info & BIT_RIGHT_ORIGIN) != 0 ? readId() : null;
        boolean keyed = (info & BIT_PARENT_SUB) != 0;
        Parent parent = null;
        String parentSub = null;
        if (origin == null && rightOrigin == null) {
            int markerAt = in.position();
            long marker = in.readVarUint();
            if (marker == 1) {
                parent = new Parent.Root(in.readVarString());
            } else if (marker == 0) {
                parent = new Parent.ItemType(readId());
            } else {
                throw new MalformedUpdateException("parent marker " + marker + " is neither 0 nor 1", markerAt);
            }
            if (keyed) {
                parentSub = in.readVarString();
            }
        }
        return new Item(client, clock, origin, rightOrigin, parent, parentSub, keyed, readContent(ref));
    }

    private Id readId() throws MalformedUpdateException {
        long client = in.readVarUint();
        return new Id(client, in.readVarUint());
    }

    private long positiveLength(String what) throws MalformedUpdateException {
        int at = in.position();
        long length = in.readVarUint();
        if (length == 0) {
            throw new MalformedUpdateException("empty " + what, at);
        }
        return length;
    }

    private ItemContent readContent(int ref) throws MalformedUpdateException {
        int at = in.position();
        switch (ref) {
            case 1:
                return new ContentDeleted(positiveLength("deleted content"));
            case 2: {
                int count = nonEmptyCount("JSON values");
                int start = in.position();
                for (int i = 0; i < count; i++) {
                    int valueAt = in.position();
                    String json = in.readVarString();
                    if (!json.equals("undefined") && !JsonSyntax.isValid(json)) {
                        throw new MalformedUpdateException("JSON content is not valid JSON", valueAt);
                    }
                }
                return new ContentJson(count, in.copy(start, in.position()));
            }
            case 3:
                return new ContentBinary(in.readVarBytes());
            case 4: {
                String text = in.readVarString();
                if (text.isEmpty()) {
                    throw new MalformedUpdateException("empty string content", at);
                }
                return new ContentString(text);
            }
            case 5:
                return new ContentEmbed(json("embed"));
            case 6: {
                String key = in.readVarString();
                return new ContentFormat(key, json("format value"));
            }
            case 7: {
                long wire = in.readVarUint();
                TypeRef type = TypeRef.ofWire(wire);
                if (type == null) {
                    throw new MalformedUpdateException("unknown type ref " + wire, at);
                }
                return new ContentType(type, type.named() ? in.readVarString() : null);
            }
            case 8: {
                int count = nonEmptyCount("Any values");
                int start = in.position();
                for (int i = 0; i < count; i++) {
                    in.skipAny();
                }
                return new ContentAny(count, in.copy(start, in.position()));
            }
            case 9: {
                String guid = in.readVarString();
                int start = in.position();
                in.skipAny();
                return new ContentDoc(guid, in.copy(start, in.position()));
            }
            default:
                throw new MalformedUpdateException("unknown content kind " + ref, at);
        }
    }

    private int nonEmptyCount(String what) throws MalformedUpdateException {
        int at = in.position();
        int count = in.readCount(what);
        if (count == 0) {
            throw new MalformedUpdateException("no " + what, at);
        }
        return count;
    }

    private String json(String what) throws MalformedUpdateException {
        int at = in.position();
        String json = in.readVarString();
        if (!JsonSyntax.isValid(json)) {
            throw new MalformedUpdateException(what + " is not valid JSON", at);
        }
        return json;
    }
}
