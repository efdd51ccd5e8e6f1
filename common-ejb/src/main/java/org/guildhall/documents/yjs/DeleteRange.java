package org.guildhall.documents.yjs;

/** The clock range [clock, clock + length) of one client, deleted. */
public record DeleteRange(long clock, long length) {

    public long end() {
        return clock + length;
    }
}
