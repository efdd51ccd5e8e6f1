/**
 * Who is calling: the company's SSO token verified with the {@code mp.jwt.verify.*} settings, checked at every
 * WebSocket handshake and REST call, and a development mode that signs its own tokens.
 */
package org.guildhall.identity;
