package dev.steward.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;

/** A token store in one small file, replaced atomically so a crash mid-write leaves the old token intact. */
public final class FileSyncTokenStore implements SyncTokenStore {
  private final Path file;

  /** Keeps the token in {@code file}; its folder is created on the first save. */
  public FileSyncTokenStore(Path file) {
    this.file = Objects.requireNonNull(file, "file");
  }

  @Override
  public Optional<String> load() {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? Optional.empty() : Optional.of(token);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read sync token from " + file, e);
    }
  }

  @Override
  public void save(String token) {
    Objects.requireNonNull(token, "token");
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, token, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write sync token to " + file, e);
    }
  }
}
