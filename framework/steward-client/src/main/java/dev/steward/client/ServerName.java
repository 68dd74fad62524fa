package dev.steward.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * A homeserver name: a DNS name, IPv4 address or bracketed IPv6 literal, with an optional port.
 *
 * @param value the server name as it appears after the colon of an identifier, e.g. {@code example.org:8448}
 */
public record ServerName(String value) {
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

  /**
   * Returns why {@code value} is not a server name, or null when it is one. A scan over the characters rather than
   * regular expressions: every sender and event id of every sync batch passes through here.
   */
  static String problem(String value) {
    return value == null ? "is empty" : problem(value, 0);
  }

  /** As {@link #problem(String)} for the server name that starts at {@code from} in {@code s}. */
  static String problem(String s, int from) {
    if (from >= s.length()) {
      return "is empty";
    }
    boolean bracketed = s.charAt(from) == '[';
    int hostEnd = s.length();
    int portSep = bracketed ? s.indexOf("]:", from) + 1 : s.lastIndexOf(':');
    if (portSep > from) {
      if (!isPort(s, portSep + 1)) {
        return "port '" + s.substring(portSep + 1) + "' is not a number from 0 to 65535";
      }
      hostEnd = portSep;
    }
    if (bracketed) {
      return isIpv6Literal(s, from, hostEnd) ? null : "'" + s.substring(from, hostEnd) + "' is not an IPv6 literal";
    }
    return isDnsOrIpv4(s, from, hostEnd) ? null
        : "'" + s.substring(from, hostEnd) + "' is not a DNS name or IPv4 address";
  }

  /** One to five digits from {@code from} to the end, at most 65535. */
  private static boolean isPort(String s, int from) {
    int digits = s.length() - from;
    if (digits < 1 || digits > 5) {
      return false;
    }
    int port = 0;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
      port = port * 10 + (c - '0');
    }
    return port <= 65535;
  }

  /** {@code [} then 2 to 45 hex digits, colons and dots, then {@code ]}, from {@code from} to {@code end}. */
  private static boolean isIpv6Literal(String s, int from, int end) {
    int length = end - from;
    if (length < 4 || length > 47 || s.charAt(end - 1) != ']') {
      return false;
    }
    for (int i = from + 1; i < end - 1; i++) {
      char c = s.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      if (!hex && c != ':' && c != '.') {
        return false;
      }
    }
    return true;
  }

  /** 1 to 255 ASCII letters, digits, dots and hyphens from {@code from} to {@code end}. */
  private static boolean isDnsOrIpv4(String s, int from, int end) {
    if (end - from < 1 || end - from > 255) {
      return false;
    }
    for (int i = from; i < end; i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
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
