package dev.steward.bot.config;

import java.net.URI;
import java.util.Objects;

/**
 * Where the bot's homeserver answers the Client-Server API.
 *
 * @param url base URL, e.g. {@code https://matrix.example.org} or {@code http://127.0.0.1:8008}
 */
public record HomeserverConfig(URI url) {
  /** Requires an absolute http or https URL with a host. */
  public HomeserverConfig {
    Objects.requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
      throw new ConfigException("url", "'" + url + "' is not an http(s) URL; write e.g. https://matrix.example.org");
    }
    if (url.getHost() == null) {
      throw new ConfigException("url", "'" + url + "' has no host name");
    }
  }
}
