package dev.walstream.spring.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations walstream makes, documented for Micrometer's documentation generator and for
 * readers: one per listener invocation.
 *
 * @since 0.1.0
 */
public enum WalListenerObservation implements ObservationDocumentation {

	/**
	 * A call of a {@link dev.walstream.spring.annotation.WalListener @WalListener} method, each retry
	 * observed apart. Its timer is {@code walstream.listener}.
	 */
	LISTENER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultWalListenerObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "walstream.listener";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return ListenerLowCardinalityTags.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return ListenerHighCardinalityTags.values();
		}

	};

	/**
	 * Tags of low cardinality, on the timer and the span.
	 */
	public enum ListenerLowCardinalityTags implements KeyName {

		/** The slot the events come from. */
		SLOT {

			@Override
			public String asString() {
				return "slot";
			}

		},

		/** The listener's id. */
		LISTENER {

			@Override
			public String asString() {
				return "listener";
			}

		},

		/** {@code success} when the listener returned, {@code failure} when it threw. */
		OUTCOME {

			@Override
			public String asString() {
				return "outcome";
			}

		}

	}

	/**
	 * Tags of high cardinality, on the span only (never on a meter).
	 */
	public enum ListenerHighCardinalityTags implements KeyName {

		/** The commit LSN of the events' transaction. */
		LSN {

			@Override
			public String asString() {
				return "walstream.lsn";
			}

		},

		/** The transaction id, 0 for a non-transactional message. */
		XID {

			@Override
			public String asString() {
				return "walstream.xid";
			}

		},

		/** How many events the listener was given. */
		EVENTS {

			@Override
			public String asString() {
				return "walstream.events";
			}

		}

	}

}
