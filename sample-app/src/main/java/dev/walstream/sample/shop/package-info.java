/**
 * The shop: its {@code @WalListener} methods, the record a row binds to, the workload that places
 * orders, and a small REST API.
 */
@NullMarked
package dev.walstream.sample.shop;

import org.jspecify.annotations.NullMarked;
