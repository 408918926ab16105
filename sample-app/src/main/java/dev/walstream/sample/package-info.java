/**
 * A runnable walstream sample: an order and inventory shop whose changes flow into
 * {@code @WalListener} methods.
 */
@NullMarked
package dev.walstream.sample;

import org.jspecify.annotations.NullMarked;
