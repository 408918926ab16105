/**
 * The start-up benchmark: the sample application's executable jar from process start to its first
 * change event, with Spring's and the embedded PostgreSQL's own start-up figures split out.
 */
@NullMarked
package dev.walstream.benchmarks.startup;

import org.jspecify.annotations.NullMarked;
