package org.guildhall.documents.yjs;

/** A struct's identity: the client that created it and the client's clock at that moment (both below 2^53). */
public record Id(long client, long clock) {

    @Override
    public String toString() {
        return client + ":" + clock;
    }
}
