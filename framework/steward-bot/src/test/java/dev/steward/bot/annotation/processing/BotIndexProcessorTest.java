package dev.steward.bot.annotation.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.bot.annotation.Bot;
import java.io.File;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.stereotype.Component;

class BotIndexProcessorTest {
  @TempDir
  Path dir;

  @Test
  void listsTheBotClassesAScanWouldFindOneALine() throws Exception {
    source("a/EchoBot.java", """
        package a;
        @dev.steward.bot.annotation.Bot("echo")
        public class EchoBot {
          @dev.steward.bot.annotation.Bot("nested")
          public static class Nested {}
          @dev.steward.bot.annotation.Bot("inner")
          public class Inner {}
        }
        """);
    source("b/AbstractBot.java", """
        package b;
        @dev.steward.bot.annotation.Bot("abstract")
        public abstract class AbstractBot {}
        """);
    source("b/PlainComponent.java", """
        package b;
        @org.springframework.stereotype.Component
        public class PlainComponent {}
        """);

    assertThat(compile()).isTrue();

    assertThat(Files.readAllLines(dir.resolve("classes").resolve(BotIndexProcessor.INDEX)))
        .containsExactly("a.EchoBot", "a.EchoBot$Nested");
  }

  @Test
  void writesNoIndexForAModuleWithoutBots() throws Exception {
    source("b/PlainComponent.java", """
        package b;
        public class PlainComponent {}
        """);

    assertThat(compile()).isTrue();

    assertThat(dir.resolve("classes").resolve(BotIndexProcessor.INDEX)).doesNotExist();
  }

  private void source(String path, String text) throws Exception {
    Path file = dir.resolve("src").resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private boolean compile() throws Exception {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path classes = Files.createDirectories(dir.resolve("classes"));
    try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null);
        var sources = Files.walk(dir.resolve("src"))) {
      Iterable<? extends JavaFileObject> units = files.getJavaFileObjectsFromPaths(
          sources.filter(p -> p.toString().endsWith(".java")).toList());
      String classpath = String.join(File.pathSeparator, location(Bot.class), location(Component.class));
      StringWriter out = new StringWriter();
      JavaCompiler.CompilationTask task = javac.getTask(out, files, null,
          List.of("-d", classes.toString(), "-classpath", classpath, "-proc:only"),
          null, units);
      task.setProcessors(List.of(new BotIndexProcessor()));
      boolean ok = task.call();
      assertThat(out.toString()).as("javac output").doesNotContain("error");
      return ok;
    }
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
