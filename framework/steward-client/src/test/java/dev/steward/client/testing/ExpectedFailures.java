package dev.steward.client.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a test (or every test of a class) that provokes failures on purpose: the WARN and ERROR lines and stack
 * traces it makes the code log are framed in the build log by {@code >>> expected failures follow} and
 * {@code <<< end of expected failures}, so a reader can tell them from real trouble.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(ExpectedFailures.Banner.class)
public @interface ExpectedFailures {
  /** What fails and is logged, e.g. {@code "the server answers 502 twice: retry warnings"}. */
  String value();

  /** Logs the frame: once around a marked class, around each marked method. */
  final class Banner implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
    private static final Logger log = LoggerFactory.getLogger(ExpectedFailures.class);

    @Override
    public void beforeAll(ExtensionContext context) {
      marked(context.getElement()).ifPresent(why -> begin(context.getDisplayName(), why));
    }

    @Override
    public void afterAll(ExtensionContext context) {
      marked(context.getElement()).ifPresent(why -> end(context.getDisplayName()));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
      marked(context.getTestMethod()).ifPresent(why -> begin(name(context), why));
    }

    @Override
    public void afterEach(ExtensionContext context) {
      marked(context.getTestMethod()).ifPresent(why -> end(name(context)));
    }

    private static Optional<String> marked(Optional<? extends AnnotatedElement> element) {
      return AnnotationSupport.findAnnotation(element, ExpectedFailures.class).map(ExpectedFailures::value);
    }

    private static String name(ExtensionContext context) {
      return context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
    }

    private static void begin(String test, String why) {
      log.info(">>> expected failures follow ({}): {}", test, why);
    }

    private static void end(String test) {
      log.info("<<< end of expected failures ({})", test);
    }
  }
}
