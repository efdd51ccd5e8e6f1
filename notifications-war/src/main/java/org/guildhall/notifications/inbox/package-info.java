/** The notification boundary: the {@code /notifications/} socket, its REST mirror, and the expiry job. */
package org.guildhall.notifications.inbox;
