/** What every WebSocket boundary shares: a bounded outbound queue per socket and a per-socket rate limit. */
package org.guildhall.sockets;
