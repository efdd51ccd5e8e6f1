/** MicroProfile Health checks every service reports: is the database ready for it, is the JVM alive. */
package org.guildhall.health;
