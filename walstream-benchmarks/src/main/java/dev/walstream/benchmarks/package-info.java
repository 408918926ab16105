/**
 * Benchmarks of walstream: JMH micro-benchmarks of the codec, and end-to-end runs against real
 * PostgreSQL beside the other consumers. See {@code BENCHMARKS.md} at the repository's root.
 */
package dev.walstream.benchmarks;
