package dev.steward.bot.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code steward.yaml}: parses it safely, substitutes {@code ${VARIABLES}}, binds and validates it.
 *
 * <p>Every problem in the file is reported together in one {@link ConfigException}; problems with the file itself
 * (missing, unreadable, not YAML) have the path {@code ""} and name the file.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Loads {@code file} with the process environment. */
  public static StewardConfig load(Path file) {
    return load(file, System::getenv);
  }

  /** Loads {@code file}, looking variables up in {@code env}, which returns null for an unset one. */
  public static StewardConfig load(Path file, Function<String, String> env) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(env, "env");
    return parse(read(file), "config file '" + file + "'", env);
  }

  /** Loads YAML text, as from a file; for tests and embedding. */
  public static StewardConfig loadString(String yaml, Function<String, String> env) {
    Objects.requireNonNull(yaml, "yaml");
    Objects.requireNonNull(env, "env");
    return parse(yaml, "config text", env);
  }

  private static String read(Path file) {
    if (Files.isDirectory(file)) {
      throw fileProblem("config file '" + file + "' is a directory");
    }
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw fileProblem("config file '" + file + "' does not exist (working directory: "
          + Path.of("").toAbsolutePath() + ")");
    } catch (AccessDeniedException e) {
      throw fileProblem("config file '" + file + "' cannot be read: permission denied");
    } catch (CharacterCodingException e) {
      throw fileProblem("config file '" + file + "' is not UTF-8 text");
    } catch (IOException e) {
      throw fileProblem("config file '" + file + "' cannot be read: " + e);
    }
  }

  private static StewardConfig parse(String text, String source, Function<String, String> env) {
    Object tree;
    try {
      tree = SafeYaml.parse(text);
    } catch (MarkedYAMLException e) {
      throw fileProblem(source + " is not valid YAML: " + position(e) + e.getProblem());
    } catch (YAMLException e) {
      throw fileProblem(source + " is not valid YAML: " + e.getMessage());
    }
    if (tree == null) {
      throw fileProblem(source + " is empty; it needs at least 'homeserver:' and 'auth:'");
    }
    if (!(tree instanceof Map)) {
      throw fileProblem(source + " must be a mapping of sections (homeserver:, auth:, ...), found "
          + Scalars.describe(tree));
    }
    Problems problems = new Problems();
    Object substituted = EnvSubstitution.apply(tree, env, problems);
    Object config = new Binder(problems).bind(substituted, StewardConfig.class, "");
    problems.throwIfAny();
    return (StewardConfig) config;
  }

  private static String position(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    // SnakeYAML counts from zero; editors count from one.
    return mark == null ? "" : "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": ";
  }

  private static ConfigException fileProblem(String message) {
    return new ConfigException("", message);
  }
}
