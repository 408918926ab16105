/**
 * The listener infrastructure without Spring Boot: endpoints, their registry, the
 * {@link dev.walstream.spring.listener.ReplicationRunner} that streams to them, and listener error handling.
 */
@NullMarked
package dev.walstream.spring.listener;

import org.jspecify.annotations.NullMarked;
