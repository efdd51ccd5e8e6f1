package org.guildhall.sessions;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * A session event as heard from the bus: committed, by any WAR of any instance, and fired in this WAR for its
 * socket adapters to act on. The unqualified event is the service's own, fired inside its transaction, which only
 * {@link SessionBroadcaster} observes (after the commit) to publish it.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({FIELD, METHOD, PARAMETER, TYPE})
public @interface Broadcast {}
