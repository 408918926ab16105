package dev.walstream.benchmarks.startup;

/**
 * One start of the sample application.
 *
 * @param postgresSeconds the embedded PostgreSQL's start, as the sample measured it (part of
 * Spring's start-up: the sample starts it while the context is prepared)
 * @param springSeconds Spring's "Started ... in N seconds"
 * @param jvmSeconds Spring's "(process running for M)": the JVM's start included
 * @param startedSeconds from the process's start to Spring's "Started" line, as this benchmark saw it
 * @param firstChangeSeconds from the process's start to the first change a listener logged
 * @param firstChange the first change's log line
 */
record Startup(double postgresSeconds, double springSeconds, double jvmSeconds, double startedSeconds,
		double firstChangeSeconds, String firstChange) {

	/**
	 * Returns the time from Spring's "Started" to the first change: the sample's first order (its
	 * workload places one per {@code sample.workload.interval}) and its way through walstream.
	 * @return seconds
	 */
	double startedToFirstChangeSeconds() {
		return this.firstChangeSeconds - this.startedSeconds;
	}

}
