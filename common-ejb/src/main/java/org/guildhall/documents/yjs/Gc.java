package org.guildhall.documents.yjs;

/** A range whose content was deleted and garbage-collected: only its clock range is left. */
public record Gc(long client, long clock, long length) implements Struct {

    public Gc {
        if (length <= 0) {
            throw new IllegalArgumentException("empty GC range");
        }
    }

    @Override
    public Gc sliceFrom(long offset) {
        return new Gc(client, clock + offset, length - offset);
    }
}
