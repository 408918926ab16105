/**
 * The PostgreSQL the sample starts for itself when no database is configured.
 */
@NullMarked
package dev.walstream.sample.embedded;

import org.jspecify.annotations.NullMarked;
