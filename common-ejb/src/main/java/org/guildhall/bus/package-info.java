/**
 * The ClusterBus port: how an event reaches sockets held by another WAR or another instance. A hint, never the
 * truth: what must not be lost is in the database, and clients catch up from there.
 */
package org.guildhall.bus;
