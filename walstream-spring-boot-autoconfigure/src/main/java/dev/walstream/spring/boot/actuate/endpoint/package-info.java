/**
 * The {@code walstream} Actuator endpoint.
 */
@NullMarked
package dev.walstream.spring.boot.actuate.endpoint;

import org.jspecify.annotations.NullMarked;
