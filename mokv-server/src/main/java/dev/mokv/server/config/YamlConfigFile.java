package dev.mokv.server.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a config file into raw values: key to {@link String}, {@link java.util.List} or null.
 *
 * <p>Loading is safe ({@link SafeConstructor}: plain maps, lists and scalars, never application
 * types) and strict (a duplicate key is an error, not a silent "last one wins"). Plain scalars stay
 * strings, except {@code null}/{@code ~}/empty, so that {@link ConfigKey} reads {@code 8400},
 * {@code true} or {@code 1.5s} exactly as it reads the same text from a flag, and YAML 1.1
 * surprises such as {@code no} becoming false or {@code 0755} becoming 493 cannot happen.
 */
final class YamlConfigFile {

  private YamlConfigFile() {}

  /**
   * The key/value pairs of {@code file}; an empty file has none.
   *
   * @throws ConfigException if the file cannot be read, is not YAML, or is not a mapping; the
   *     message names the file, and the line when the YAML parser knows it
   */
  static Map<String, Object> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file '" + file + "' does not exist");
    } catch (CharacterCodingException e) {
      throw new ConfigException("config file '" + file + "' is not UTF-8 text");
    } catch (IOException | SecurityException e) {
      throw new ConfigException("cannot read config file '" + file + "': " + e.getMessage());
    }
    Object document;
    try {
      document = yaml().load(text);
    } catch (MarkedYAMLException e) {
      throw new ConfigException("config file '" + file + "'" + where(e) + ": " + describe(e));
    } catch (YAMLException e) {
      throw new ConfigException("config file '" + file + "' is not valid YAML: " + e.getMessage());
    }
    if (document == null) {
      return Map.of();
    }
    if (!(document instanceof Map<?, ?> map)) {
      throw new ConfigException(
          "config file '"
              + file
              + "' must be a mapping of keys to values, not a single value or list");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    map.forEach((key, value) -> values.put(String.valueOf(key), value));
    return values;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return new Yaml(
        new SafeConstructor(options),
        new Representer(new DumperOptions()),
        new DumperOptions(),
        options,
        new StringsAndNullResolver());
  }

  private static String where(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    return mark == null ? "" : " line " + (mark.getLine() + 1);
  }

  private static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() != null ? e.getProblem() : e.getMessage();
    return e.getContext() != null ? e.getContext() + ", " + problem : problem;
  }

  /** Resolves only null; every other plain scalar stays the string it was written as. */
  private static final class StringsAndNullResolver extends Resolver {
    @Override
    protected void addImplicitResolvers() {
      addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
      addImplicitResolver(Tag.NULL, EMPTY, null, 10);
    }
  }
}
