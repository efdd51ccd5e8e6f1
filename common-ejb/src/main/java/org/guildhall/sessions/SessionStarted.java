package org.guildhall.sessions;

/** A session was created; observed once its transaction has committed, to announce a public one. */
public record SessionStarted(CollaborationSession session) {}
