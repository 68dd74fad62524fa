package dev.steward.client;

import java.util.HashMap;
import java.util.Map;

/** The standard Matrix {@code errcode} values a caller may want to act on, plus two for failures without one. */
public enum ErrorCode {
  M_FORBIDDEN,
  M_UNKNOWN_TOKEN,
  M_MISSING_TOKEN,
  M_USER_LOCKED,
  M_USER_SUSPENDED,
  M_BAD_JSON,
  M_NOT_JSON,
  M_NOT_FOUND,
  M_LIMIT_EXCEEDED,
  M_UNRECOGNIZED,
  M_UNKNOWN,
  M_UNAUTHORIZED,
  M_USER_DEACTIVATED,
  M_USER_IN_USE,
  M_INVALID_USERNAME,
  M_ROOM_IN_USE,
  M_INVALID_ROOM_STATE,
  M_THREEPID_IN_USE,
  M_SERVER_NOT_TRUSTED,
  M_UNSUPPORTED_ROOM_VERSION,
  M_INCOMPATIBLE_ROOM_VERSION,
  M_BAD_STATE,
  M_GUEST_ACCESS_FORBIDDEN,
  M_CAPTCHA_NEEDED,
  M_CAPTCHA_INVALID,
  M_MISSING_PARAM,
  M_INVALID_PARAM,
  M_TOO_LARGE,
  M_EXCLUSIVE,
  M_RESOURCE_LIMIT_EXCEEDED,
  M_CANNOT_LEAVE_SERVER_NOTICE_ROOM,
  M_UNABLE_TO_AUTHORISE_JOIN,
  M_UNABLE_TO_GRANT_JOIN,
  M_WRONG_ROOM_KEYS_VERSION,
  /** The server answered with an errcode this enum does not list; {@link MatrixException#errcode()} has it. */
  OTHER,
  /** No usable answer: the connection failed or timed out, or the body was not a Matrix error. */
  NO_ERRCODE;

  private static final Map<String, ErrorCode> BY_NAME = new HashMap<>();

  static {
    for (ErrorCode code : values()) {
      if (code.name().startsWith("M_")) {
        BY_NAME.put(code.name(), code);
      }
    }
  }

  /** Maps a wire {@code errcode} to a constant: {@link #OTHER} for unknown ones, {@link #NO_ERRCODE} for null. */
  public static ErrorCode of(String errcode) {
    if (errcode == null) {
      return NO_ERRCODE;
    }
    return BY_NAME.getOrDefault(errcode, OTHER);
  }
}
