/**
 * Integration tests: Spring Boot applications streaming from real PostgreSQL servers.
 */
@NullMarked
package dev.walstream.spring.boot.it;

import org.jspecify.annotations.NullMarked;
