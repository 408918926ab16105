/**
 * Auto-configuration for walstream: {@code walstream.*} properties, the connection details and
 * the replication runner.
 */
@NullMarked
package dev.walstream.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
