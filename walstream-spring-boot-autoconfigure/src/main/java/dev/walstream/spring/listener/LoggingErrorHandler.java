package dev.walstream.spring.listener;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs a listener failure and resolves it the same way every time.
 */
final class LoggingErrorHandler implements WalListenerErrorHandler {

	private static final Log logger = LogFactory.getLog(LoggingErrorHandler.class);

	private final Resolution resolution;

	LoggingErrorHandler(Resolution resolution) {
		this.resolution = resolution;
	}

	@Override
	public Resolution handle(WalListenerFailure failure) {
		if (this.resolution == Resolution.STOP) {
			logger.error(failure.describe() + "; stopping the stream without acknowledging the transaction, which "
					+ "will be delivered again when streaming restarts", failure.cause());
		}
		else {
			logger.error(failure.describe() + "; skipping the event", failure.cause());
		}
		return this.resolution;
	}

	@Override
	public String toString() {
		return "LoggingErrorHandler[" + this.resolution + "]";
	}

}
