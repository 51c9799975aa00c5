package dev.damm.store.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The store's pool as Bucket4j expects it: connections in autocommit mode. The store's own pool
 * hands them out with autocommit off, and Bucket4j's cleanup statement never commits, so without
 * this its deletes would be rolled back when the connection returns to the pool (which restores
 * the pool's default).
 */
final class AutoCommitDataSource implements DataSource {
    private final DataSource pool;

    AutoCommitDataSource(DataSource pool) {
        this.pool = pool;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return autoCommit(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return autoCommit(pool.getConnection(username, password));
    }

    private static Connection autoCommit(Connection c) throws SQLException {
        try {
            c.setAutoCommit(true);
            return c;
        } catch (SQLException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return pool.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return pool.isWrapperFor(iface);
    }
}
