package dev.steward.bot.schedule;

import java.util.Objects;
import org.springframework.beans.factory.config.BeanPostProcessor;

/** Registers the {@code @Scheduled} methods of every bean the Spring context creates. */
public final class ScheduledDiscovery implements BeanPostProcessor {
  private final StewardScheduler scheduler;

  /** Discovery feeding {@code scheduler}, which must not be started yet. */
  public ScheduledDiscovery(StewardScheduler scheduler) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    if (!bean.getClass().getName().startsWith("org.springframework.")) {
      scheduler.register(bean);
    }
    return bean;
  }
}
