package org.guildhall.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.guildhall.identity.VerifiedUser;
import org.guildhall.sessions.SessionDirectory;
import org.guildhall.sessions.SessionException;
import org.guildhall.sessions.SessionNames;
import org.guildhall.sessions.SessionRules;

/**
 * Who may read and write a document. A collaboration session's document ({@code session-...}) follows its session:
 * the host reads and writes, invited users as the host chose, others only when the session is public, nobody once
 * it has ended. Any other document: every authenticated user reads and writes, except members of the groups in
 * {@code guildhall.sync.read-only-groups}, who only read (in a session too, unless they host it).
 */
@ApplicationScoped
public class DocumentAccessPolicy {

    private static final Logger LOG = Logger.getLogger(DocumentAccessPolicy.class.getName());

    @Inject
    SyncSettings settings;

    @Inject
    SessionDirectory sessions;

    public DocumentAccess accessFor(VerifiedUser user, String document) {
        boolean readOnlyGroup = settings.readOnlyGroups().stream().anyMatch(user::isInGroup);
        if (!SessionNames.isSessionName(document)) {
            return readOnlyGroup ? DocumentAccess.READ_ONLY : DocumentAccess.READ_WRITE;
        }
        try {
            SessionRules.Admission admission = sessions.admitToDocument(user.getName(), document);
            if (admission.session().isHostedBy(user.getName())) {
                return DocumentAccess.READ_WRITE;
            }
            return admission.readOnly() || readOnlyGroup ? DocumentAccess.READ_ONLY : DocumentAccess.READ_WRITE;
        } catch (SessionException e) {
            LOG.log(Level.FINE, "{0} may not open {1}: {2}", new Object[] {user.getName(), document, e.getMessage()});
            return DocumentAccess.NONE;
        }
    }
}
