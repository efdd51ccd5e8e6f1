/**
 * Notifications: invites, mentions, threads, sessions, components and system announcements, stored before they are
 * acknowledged and delivered live to every device of their recipient through the ClusterBus.
 */
package org.guildhall.notifications;
