package com.example.events.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks behind a service, into its own database, for what its API does not show (the
 * outbox's rows).
 */
final class Sql {

    @FunctionalInterface
    interface RowMapper<T> {

        T map(ResultSet row) throws SQLException;

    }

    private final String url;

    private final String username;

    private final String password;

    Sql(String url, String username, String password) {
        this.url = url;
        this.username = username;
        this.password = password;
    }

    long count(String sql, Object... parameters) {
        return query(sql, row -> row.getLong(1), parameters).getFirst();
    }

    <T> List<T> query(String sql, RowMapper<T> mapper, Object... parameters) {
        try (Connection connection = DriverManager.getConnection(url, username, password);
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setQueryTimeout(10);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<T> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(mapper.map(result));
                }
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(sql + " failed", ex);
        }
    }

}
