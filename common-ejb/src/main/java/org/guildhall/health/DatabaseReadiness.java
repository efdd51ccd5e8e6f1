package org.guildhall.health;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.guildhall.database.SchemaMigrator;
import org.guildhall.database.SchemaStatus;

/** Ready when the database answers and every migration is applied; DOWN names the setting to fix otherwise. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {

    @Inject
    SchemaMigrator migrator;

    @Resource(lookup = SchemaMigrator.DATA_SOURCE)
    DataSource dataSource;

    @Resource(lookup = "java:module/ModuleName")
    String moduleName;

    @Inject
    @ConfigProperty(name = "guildhall.health.db-timeout-seconds", defaultValue = "2")
    int timeoutSeconds;

    @Override
    public HealthCheckResponse call() {
        if (migrator.retryDue()) {
            migrator.migrate();
        }
        SchemaStatus schema = migrator.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("database (" + moduleName + ")")
                .withData("database", migrator.settings().redactedUrl())
                .withData("schemaVersion", schema.version());
        if (!schema.migrated()) {
            return response.withData("error", schema.error()).down().build();
        }
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(timeoutSeconds)) {
                return response.withData("error", "the database did not answer within " + timeoutSeconds + " s")
                        .down()
                        .build();
            }
        } catch (SQLException e) {
            return response.withData("error", e.getMessage()).down().build();
        }
        return response.up().build();
    }
}
