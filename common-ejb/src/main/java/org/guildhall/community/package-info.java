/**
 * The community this deployment hosts: its {@code community.json}, validated against the schema in this package,
 * and the features, limits and moderation rules every service reads from it.
 */
package org.guildhall.community;
