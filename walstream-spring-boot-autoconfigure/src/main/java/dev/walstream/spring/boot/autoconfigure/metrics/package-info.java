/**
 * Auto-configuration of walstream's Micrometer meters.
 */
@NullMarked
package dev.walstream.spring.boot.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
