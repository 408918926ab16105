/**
 * Micrometer Observation of {@link dev.walstream.spring.annotation.WalListener @WalListener}
 * invocations: timing, and a span per invocation when a tracer is present.
 */
@NullMarked
package dev.walstream.spring.observation;

import org.jspecify.annotations.NullMarked;
