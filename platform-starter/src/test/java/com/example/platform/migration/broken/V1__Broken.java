package com.example.platform.migration.broken;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/** A migration that fails, as one with an error in its SQL does. */
public class V1__Broken extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (var statement = context.getConnection().createStatement()) {
            statement.execute("create table broken (id int");
        }
    }

}
