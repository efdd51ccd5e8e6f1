/** Short-lived TURN credentials for calls, in the TURN REST scheme coturn's {@code use-auth-secret} checks. */
package org.guildhall.turn;
