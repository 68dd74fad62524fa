package dev.steward.client;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A content URI of the media repository, {@code mxc://<server-name>/<media-id>}.
 *
 * @param serverName the server that holds the media
 * @param mediaId the media id on that server
 */
public record MxcUri(String serverName, String mediaId) {
  private static final Pattern MEDIA_ID = Pattern.compile("[A-Za-z0-9_-]+");

  public MxcUri {
    Objects.requireNonNull(serverName, "serverName");
    Objects.requireNonNull(mediaId, "mediaId");
    if (serverName.isEmpty() || serverName.contains("/")) {
      throw new IllegalArgumentException("invalid server name in mxc URI: '" + serverName + "'");
    }
    if (!MEDIA_ID.matcher(mediaId).matches()) {
      throw new IllegalArgumentException("invalid media id in mxc URI: '" + mediaId + "'");
    }
  }

  /** Parses {@code mxc://server/mediaId}. */
  public static MxcUri of(String uri) {
    Objects.requireNonNull(uri, "uri");
    if (!uri.startsWith("mxc://")) {
      throw new IllegalArgumentException("not an mxc URI: '" + uri + "': expected mxc://server/mediaId");
    }
    String rest = uri.substring("mxc://".length());
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("not an mxc URI: '" + uri + "': has no media id");
    }
    return new MxcUri(rest.substring(0, slash), rest.substring(slash + 1));
  }

  /** The URI as text. */
  public String value() {
    return "mxc://" + serverName + "/" + mediaId;
  }

  @Override
  public String toString() {
    return value();
  }
}
