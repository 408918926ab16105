package dev.walstream.benchmarks.e2e;

/**
 * A consumer under measurement: reads the backlog of a slot until every expected change arrived.
 */
interface ReplicationConsumer {

	/**
	 * Connects, reads the slot's backlog to the commit after the last expected change, acknowledges
	 * it and disconnects.
	 * @param target what to read
	 * @return what was measured
	 * @throws Exception if reading fails
	 */
	ConsumerResult consume(ConsumerTarget target) throws Exception;

}
