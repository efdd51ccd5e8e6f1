package org.guildhall.notifications;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.util.Set;

/** Records the members the community has seen, so that broadcasts can find them. */
@Stateless
public class CommunityMembers {

    @Inject
    NotificationInbox inbox;

    // Its own transaction: two devices connecting at once may race to insert, and the loser must not take
    // anything else down with it.
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void seen(String user, Set<String> groups) throws NotificationException {
        inbox.memberSeen(user, groups);
    }
}
