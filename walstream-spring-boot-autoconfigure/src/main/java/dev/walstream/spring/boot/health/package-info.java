/**
 * The walstream health indicator.
 */
@NullMarked
package dev.walstream.spring.boot.health;

import org.jspecify.annotations.NullMarked;
