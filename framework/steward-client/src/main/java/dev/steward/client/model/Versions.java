package dev.steward.client.model;

import java.util.List;
import java.util.Map;

/**
 * The spec versions and unstable features the homeserver supports ({@code GET /_matrix/client/versions}).
 *
 * @param versions spec versions such as {@code v1.11}
 * @param unstableFeatures unstable feature flags, e.g. {@code org.matrix.msc3916.stable}
 */
public record Versions(List<String> versions, Map<String, Boolean> unstableFeatures) {
  public Versions {
    versions = versions == null ? List.of() : List.copyOf(versions);
    unstableFeatures = unstableFeatures == null ? Map.of() : Map.copyOf(unstableFeatures);
  }

  /** Whether the server advertises the given spec version (e.g. {@code "v1.11"}). */
  public boolean supports(String version) {
    return versions.contains(version);
  }

  /** Whether the server enables an unstable feature flag. */
  public boolean hasFeature(String feature) {
    return Boolean.TRUE.equals(unstableFeatures.get(feature));
  }
}
