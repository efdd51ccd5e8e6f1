package org.guildhall.sync;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.guildhall.community.BanWatch;
import org.guildhall.documents.DocumentAccess;
import org.guildhall.documents.SyncSettings;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sockets.SocketSettings;

/** What every sync socket works with: it makes the handler of each new socket. */
@ApplicationScoped
public class SyncSockets {

    @Inject
    OpenDocuments documents;

    @Inject
    UpdateWriter writer;

    @Inject
    SyncSettings settings;

    @Inject
    SocketSettings sockets;

    @Inject
    BanWatch bans;

    SyncSocket socket(String document, VerifiedUser user, DocumentAccess access) {
        return new SyncSocket(this, document, user, access);
    }
}
