package dev.steward.client.model;

import dev.steward.client.UserId;
import java.util.List;

/**
 * The {@code device_lists} of a sync batch: users whose devices changed since the last batch (their device lists must
 * be fetched again before encrypting to them) and users with whom the account no longer shares an encrypted room.
 *
 * @param changed users whose devices or keys changed
 * @param left users no longer sharing an encrypted room
 */
public record DeviceLists(List<UserId> changed, List<UserId> left) {
  /** No changes. */
  public static final DeviceLists EMPTY = new DeviceLists(List.of(), List.of());

  public DeviceLists {
    changed = List.copyOf(changed);
    left = List.copyOf(left);
  }

  /** Whether neither list names anyone. */
  public boolean isEmpty() {
    return changed.isEmpty() && left.isEmpty();
  }
}
