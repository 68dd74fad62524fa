package dev.steward.bot.annotation.processing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Writes {@value #INDEX} at compile time: the binary name of each {@code @Bot} class of the module, one a line, so
 * that a start finds its bots by reading a file instead of scanning the classpath. javac runs it by itself (it is
 * registered in {@code META-INF/services}) up to Java 22; from Java 23, where processors run only when asked for
 * ({@code -proc:full}), a module compiled without it has no index, and its bots are found by the scan as before.
 *
 * <p>Lists what a classpath scan would find: classes, top-level or static nested, not abstract.
 */
@SupportedAnnotationTypes(BotIndexProcessor.BOT)
public final class BotIndexProcessor extends AbstractProcessor {
  /** The index's resource name: one binary class name a line; the files of several jars are read together. */
  public static final String INDEX = "META-INF/steward/bots";
  static final String BOT = "dev.steward.bot.annotation.Bot";

  private final Set<String> bots = new TreeSet<>();

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        if (isCandidate(element)) {
          bots.add(processingEnv.getElementUtils().getBinaryName((TypeElement) element).toString());
        }
      }
    }
    if (round.processingOver() && !bots.isEmpty()) {
      write();
    }
    return false; // @Bot is Spring's @Component too: leave it to anyone else who reads it
  }

  private static boolean isCandidate(Element element) {
    if (element.getKind() != ElementKind.CLASS && element.getKind() != ElementKind.RECORD
        || element.getModifiers().contains(Modifier.ABSTRACT)) {
      return false;
    }
    NestingKind nesting = ((TypeElement) element).getNestingKind();
    return nesting == NestingKind.TOP_LEVEL
        || nesting == NestingKind.MEMBER && element.getModifiers().contains(Modifier.STATIC);
  }

  private void write() {
    try (Writer out = processingEnv.getFiler()
        .createResource(StandardLocation.CLASS_OUTPUT, "", INDEX).openWriter()) {
      for (String bot : bots) {
        out.write(bot);
        out.write('\n');
      }
    } catch (IOException | IllegalStateException e) {
      // No index means the bots are found by the scan: a note, not a failed build.
      processingEnv.getMessager().printMessage(Diagnostic.Kind.NOTE,
          "no " + INDEX + " written (" + e + "); the bots will be found by a classpath scan");
    }
  }
}
