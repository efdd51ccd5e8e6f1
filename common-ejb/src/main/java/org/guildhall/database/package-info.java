/** The relational store: which database this server uses, and the schema migrations applied to it at start-up. */
package org.guildhall.database;
