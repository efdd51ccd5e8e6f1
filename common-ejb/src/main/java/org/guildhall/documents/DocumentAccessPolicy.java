package org.guildhall.documents;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.guildhall.identity.VerifiedUser;

/**
 * Who may read and write a document. Today: every authenticated user reads and writes, except members of the
 * groups in {@code guildhall.sync.read-only-groups}, who only read. Sessions and rooms will refine this.
 */
@ApplicationScoped
public class DocumentAccessPolicy {

    @Inject
    SyncSettings settings;

    public DocumentAccess accessFor(VerifiedUser user, String document) {
        boolean readOnly = settings.readOnlyGroups().stream().anyMatch(user::isInGroup);
        return readOnly ? DocumentAccess.READ_ONLY : DocumentAccess.READ_WRITE;
    }
}
