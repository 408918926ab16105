package dev.walstream.spring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;

/**
 * Turns on the detection of {@link WalListener @WalListener} methods on beans, registering them in
 * a {@link dev.walstream.spring.listener.WalListenerRegistry}. Spring Boot applications get it from
 * the walstream auto-configuration; others put it on a {@code @Configuration} class and declare a
 * {@link dev.walstream.spring.listener.ReplicationRunner} bean that streams to the registry.
 *
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Import(WalListenerBootstrapConfiguration.class)
public @interface EnableWalListeners {

}
