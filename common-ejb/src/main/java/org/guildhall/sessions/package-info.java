/**
 * Collaboration sessions: a host's call-and-document session with a server-assigned signaling room and sync
 * document, the public directory of live sessions, invitations, and who may join a private session's room or open
 * its document. The rules come from the hosted community ({@code features.collaboration}, {@code limits}).
 */
package org.guildhall.sessions;
