/**
 * Shared Yjs documents: their update log in the database, the state kept for open documents, the y-websocket
 * sync and awareness messages, and who may read or write a document.
 */
package org.guildhall.documents;
