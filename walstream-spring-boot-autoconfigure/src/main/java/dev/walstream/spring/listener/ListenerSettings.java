package dev.walstream.spring.listener;

import org.springframework.util.backoff.BackOff;

/**
 * How listener failures are handled: the retry back-off, then the error handler.
 *
 * @param backOff the delays between retries of a failing listener; its end ends the retries
 * @param errorHandler what decides once the retries are spent
 */
record ListenerSettings(BackOff backOff, WalListenerErrorHandler errorHandler) {

}
