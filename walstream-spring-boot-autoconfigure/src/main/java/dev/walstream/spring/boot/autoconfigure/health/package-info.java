/**
 * Auto-configuration of the walstream health indicator.
 */
@NullMarked
package dev.walstream.spring.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
