/**
 * Testcontainers support: a {@code @ServiceConnection} PostgreSQL container feeds walstream's
 * connection.
 */
@NullMarked
package dev.walstream.spring.boot.testcontainers;

import org.jspecify.annotations.NullMarked;
