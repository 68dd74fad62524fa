package dev.steward.client.model;

import java.util.List;

/**
 * The answer of a user directory search.
 *
 * @param results the users found
 * @param limited whether the server cut the list short
 */
public record UserSearchResult(List<Profile> results, boolean limited) {
  public UserSearchResult {
    results = List.copyOf(results);
  }
}
