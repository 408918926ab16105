/**
 * The end-to-end benchmark's parts: workloads loaded into real PostgreSQL, the consumers measured
 * against each other (each in a JVM of its own), and the results table.
 */
@NullMarked
package dev.walstream.benchmarks.e2e;

import org.jspecify.annotations.NullMarked;
