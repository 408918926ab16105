package dev.walstream.spring.observation;

import dev.walstream.event.ChangeEvent;
import io.micrometer.common.KeyValues;

import dev.walstream.spring.observation.WalListenerObservation.ListenerHighCardinalityTags;
import dev.walstream.spring.observation.WalListenerObservation.ListenerLowCardinalityTags;

/**
 * The default names and tags of listener observations: timer {@code walstream.listener}, tags
 * {@code slot}, {@code listener} and {@code outcome}, and on spans the transaction's LSN and xid.
 *
 * @since 0.1.0
 */
public class DefaultWalListenerObservationConvention implements WalListenerObservationConvention {

	/** The shared instance. */
	public static final DefaultWalListenerObservationConvention INSTANCE = new DefaultWalListenerObservationConvention();

	@Override
	public String getName() {
		return "walstream.listener";
	}

	@Override
	public String getContextualName(WalListenerObservationContext context) {
		return context.getListenerId() + " receive";
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WalListenerObservationContext context) {
		return KeyValues.of(ListenerLowCardinalityTags.SLOT.withValue(context.getSlotName()),
				ListenerLowCardinalityTags.LISTENER.withValue(context.getListenerId()),
				ListenerLowCardinalityTags.OUTCOME.withValue((context.getError() != null) ? "failure" : "success"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(WalListenerObservationContext context) {
		if (context.getEvents().isEmpty()) {
			return KeyValues.empty();
		}
		ChangeEvent first = context.getEvents().get(0);
		return KeyValues.of(ListenerHighCardinalityTags.LSN.withValue(first.lsn().toString()),
				ListenerHighCardinalityTags.XID.withValue(Long.toString(first.xid())),
				ListenerHighCardinalityTags.EVENTS.withValue(Integer.toString(context.getEvents().size())));
	}

}
