/** The identity calls of the REST API: who am I, and (development mode only) a token for a local user. */
package org.guildhall.notifications.identity;
