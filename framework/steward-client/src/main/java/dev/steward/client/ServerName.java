package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.regex.Pattern;

/**
 * A homeserver name: a DNS name, IPv4 address or bracketed IPv6 literal, with an optional port.
 *
 * @param value the server name as it appears after the colon of an identifier, e.g. {@code example.org:8448}
 */
public record ServerName(String value) {
  private static final Pattern DNS = Pattern.compile("[A-Za-z0-9.-]{1,255}");
  private static final Pattern IPV6 = Pattern.compile("\\[[0-9A-Fa-f:.]{2,45}]");
  private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");

  /** Validates the grammar; throws {@link IllegalArgumentException} that quotes a bad value. */
  public ServerName {
    String problem = problem(value);
    if (problem != null) {
      throw Ids.invalid("server name", value, problem);
    }
  }

  /** Parses a server name. */
  @JsonCreator
  public static ServerName of(String value) {
    return new ServerName(value);
  }

  /** Returns why {@code value} is not a server name, or null when it is one. */
  static String problem(String value) {
    if (value == null || value.isEmpty()) {
      return "is empty";
    }
    String host = value;
    int portSep = value.startsWith("[") ? value.indexOf("]:") + 1 : value.lastIndexOf(':');
    if (portSep > 0) {
      String port = value.substring(portSep + 1);
      if (!PORT.matcher(port).matches() || Integer.parseInt(port) > 65535) {
        return "port '" + port + "' is not a number from 0 to 65535";
      }
      host = value.substring(0, portSep);
    }
    if (host.startsWith("[")) {
      return IPV6.matcher(host).matches() ? null : "'" + host + "' is not an IPv6 literal";
    }
    return DNS.matcher(host).matches() ? null : "'" + host + "' is not a DNS name or IPv4 address";
  }

  @JsonValue
  @Override
  public String value() {
    return value;
  }

  @Override
  public String toString() {
    return value;
  }
}
