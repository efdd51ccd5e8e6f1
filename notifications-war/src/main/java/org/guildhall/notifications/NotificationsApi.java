package org.guildhall.notifications;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/** The REST API under {@code /notifications/api}; callers present the company's SSO token as a bearer token. */
@ApplicationPath("api")
@LoginConfig(authMethod = "MP-JWT")
// Payara resolves the MP-JWT login configuration only on a CDI bean.
@ApplicationScoped
public class NotificationsApi extends Application {}
