/** The Yjs v1 update format in pure Java: lib0 coding, structs, delete sets, state vectors, merge and diff. */
package org.guildhall.documents.yjs;
