package dev.mokv.server.config;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads a {@link NodeConfig} from a YAML file and command-line overrides, as {@code mokv
 * --config-file example/config.yaml --rpc-port 9400} does.
 *
 * <p>Keys are the Go mökv's kebab-case names ({@code data-dir}, {@code rpc-port}, ...); {@code
 * example/config.yaml} lists them all. A key that is absent or {@code null} keeps its default; an
 * override wins over the file. Everything is checked before anything is reported, so one failed
 * start lists every problem.
 */
public final class ConfigLoader {

  private ConfigLoader() {}

  /**
   * Loads and validates the configuration, and creates the data directory if it is missing.
   *
   * @param yamlFile the config file, or null for none
   * @param overrides YAML key to value text, for example from command-line flags; they win over the
   *     file. A list key takes one comma-separated string; an empty string is an empty list.
   * @throws ConfigException listing every problem: an unreadable or malformed file, unknown keys,
   *     values of the wrong type or out of range, conflicting settings, an unwritable data-dir
   */
  public static NodeConfig load(Path yamlFile, Map<String, String> overrides) {
    Objects.requireNonNull(overrides, "overrides");
    Map<String, Object> values = new LinkedHashMap<>();
    if (yamlFile != null) {
      values.putAll(YamlConfigFile.read(yamlFile));
    }
    values.putAll(overrides);

    List<String> problems = new ArrayList<>();
    Set<String> unreadable = new HashSet<>();
    NodeConfig.Builder builder = NodeConfig.builder();
    values.forEach(
        (name, value) -> {
          Optional<ConfigKey> key = ConfigKey.of(name);
          if (key.isEmpty()) {
            problems.add(unknownKey(name));
          } else if (value != null) {
            try {
              key.get().apply(builder, value);
            } catch (IllegalArgumentException e) {
              problems.add(e.getMessage());
              unreadable.add(name);
            }
          }
        });

    NodeConfig config = null;
    try {
      config = builder.build();
    } catch (ConfigException e) {
      // A key that could not be read still holds its default; a conflict with that default would
      // only send the reader after the wrong value.
      e.problems().stream().filter(p -> !mentionsAny(p, unreadable)).forEach(problems::add);
    }
    if (!unreadable.contains(ConfigKey.DATA_DIR.key()) && !builder.dataDir().toString().isEmpty()) {
      checkDataDir(builder.dataDir()).ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return config;
  }

  private static String unknownKey(String name) {
    return "unknown key '"
        + name
        + "'"
        + ConfigKey.suggest(name).map(s -> " (did you mean '" + s + "'?)").orElse("");
  }

  /**
   * Whether {@code problem} names one of {@code keys}; every problem names the keys it is about.
   */
  private static boolean mentionsAny(String problem, Set<String> keys) {
    return keys.stream()
        .anyMatch(
            key ->
                Pattern.compile("(?<![\\w-])" + Pattern.quote(key) + "(?![\\w-])")
                    .matcher(problem)
                    .find());
  }

  /**
   * Creates {@code dir} if missing and checks that the node can write there, so that a bad path
   * fails now, with the key named, rather than deep inside Raft's storage at start.
   */
  private static Optional<String> checkDataDir(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException | SecurityException e) {
      return Optional.of(notWritable(dir, reason(e)));
    }
    if (!Files.isDirectory(dir)) {
      return Optional.of(notWritable(dir, "not a directory"));
    }
    if (!Files.isWritable(dir)) {
      return Optional.of(notWritable(dir, "permission denied"));
    }
    return Optional.empty();
  }

  private static String notWritable(Path dir, String reason) {
    return "data-dir '" + dir + "' is not writable: " + reason;
  }

  private static String reason(Exception e) {
    if (e instanceof FileAlreadyExistsException) {
      return "it exists and is not a directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException missing) {
      return "no such file or directory: " + missing.getFile();
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      return fse.getReason();
    }
    return e.toString();
  }
}
