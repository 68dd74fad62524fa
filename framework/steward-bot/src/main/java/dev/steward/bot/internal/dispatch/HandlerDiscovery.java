package dev.steward.bot.internal.dispatch;

import org.springframework.beans.factory.config.BeanPostProcessor;

/** Registers the handler methods of every bean the Spring context creates. */
public final class HandlerDiscovery implements BeanPostProcessor {
  private final HandlerRegistry registry;

  public HandlerDiscovery(HandlerRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!bean.getClass().getName().startsWith("org.springframework.")) {
      registry.register(bean);
    }
    return bean;
  }
}
