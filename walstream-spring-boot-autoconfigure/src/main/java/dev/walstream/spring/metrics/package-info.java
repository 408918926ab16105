/**
 * Micrometer meters of walstream's replication runners: lag, slot state, events, transactions,
 * listener calls, retries, reconnections and errors.
 */
@NullMarked
package dev.walstream.spring.metrics;

import org.jspecify.annotations.NullMarked;
