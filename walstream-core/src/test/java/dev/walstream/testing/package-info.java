/**
 * Real PostgreSQL servers for tests, started from the embedded binaries on Maven Central, without
 * Docker.
 *
 * <p>
 * {@link dev.walstream.testing.EmbeddedPostgres @EmbeddedPostgres} on a test class, method, field or
 * parameter injects a {@link dev.walstream.testing.PostgresServer} configured for logical replication
 * ({@code wal_level=logical}); {@link dev.walstream.testing.PostgresServers} picks one per
 * {@link dev.walstream.testing.PgVersion} for tests that run on every supported major version. Servers
 * are shared per JVM by version and settings unless a test asks for one of its own, which it may then
 * stop, restart, crash, or give a hot standby to promote.
 *
 * <p>
 * This package lives in walstream-core's test sources and is published in its {@code test-jar}, so the
 * other modules reuse it. See {@link dev.walstream.testing.PgBinaries} for how the build provides the
 * binaries.
 */
@NullMarked
package dev.walstream.testing;

import org.jspecify.annotations.NullMarked;
