/** {@code /notifications/api/sessions}: the REST boundary of collaboration sessions and their public directory. */
package org.guildhall.notifications.sessions;
