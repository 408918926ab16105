package dev.walstream.spring.listener;

import dev.walstream.spring.observation.WalListenerObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.backoff.BackOff;

/**
 * How listeners are called: the retry back-off and the error handler for failures, and who is told
 * about each call.
 *
 * @param backOff the delays between retries of a failing listener; its end ends the retries
 * @param errorHandler what decides once the retries are spent
 * @param observer told about every call
 * @param observationRegistry observes every call, or {@code null} for none
 * @param observationConvention names and tags the observations, or {@code null} for the default
 */
record ListenerSettings(BackOff backOff, WalListenerErrorHandler errorHandler, ReplicationRunnerObserver observer,
		@Nullable ObservationRegistry observationRegistry,
		@Nullable WalListenerObservationConvention observationConvention) {

}
