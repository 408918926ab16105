package dev.walstream.spring.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * Names and tags an observation of a listener invocation; a bean of this type replaces
 * {@link DefaultWalListenerObservationConvention}.
 *
 * @since 0.1.0
 */
public interface WalListenerObservationConvention extends ObservationConvention<WalListenerObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof WalListenerObservationContext;
	}

}
