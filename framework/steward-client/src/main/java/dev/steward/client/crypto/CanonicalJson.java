package dev.steward.client.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Matrix's canonical JSON, the bytes that are signed: no insignificant whitespace, object keys sorted by code
 * point, strings as UTF-8 with only the escapes JSON requires (short forms where they exist, else six characters
 * with lower-case hex), integers only, within plus or minus 2^53-1 (a fraction or a larger number is refused).
 */
public final class CanonicalJson {
  private static final BigInteger MAX_INTEGER = BigInteger.TWO.pow(53).subtract(BigInteger.ONE);

  private CanonicalJson() {}

  /**
   * The canonical text of a JSON value.
   *
   * @throws CryptoException {@code MALFORMED} for a number that is not an integer
   */
  public static String encode(JsonNode value) {
    StringBuilder out = new StringBuilder();
    write(Objects.requireNonNull(value, "value"), out);
    return out.toString();
  }

  private static void write(JsonNode value, StringBuilder out) {
    switch (value.getNodeType()) {
      case OBJECT -> {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
        value.fields().forEachRemaining(fields::add);
        fields.sort((a, b) -> compareCodePoints(a.getKey(), b.getKey()));
        out.append('{');
        for (int i = 0; i < fields.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          string(fields.get(i).getKey(), out);
          out.append(':');
          write(fields.get(i).getValue(), out);
        }
        out.append('}');
      }
      case ARRAY -> {
        out.append('[');
        for (int i = 0; i < value.size(); i++) {
          if (i > 0) {
            out.append(',');
          }
          write(value.get(i), out);
        }
        out.append(']');
      }
      case STRING -> string(value.textValue(), out);
      case NUMBER -> {
        if (!value.isIntegralNumber()) {
          throw new CryptoException(CryptoException.Reason.MALFORMED, "canonical JSON has integers only, not " + value);
        }
        if (value.bigIntegerValue().abs().compareTo(MAX_INTEGER) > 0) {
          throw new CryptoException(CryptoException.Reason.MALFORMED,
              "canonical JSON integers stay within 2^53-1: " + value);
        }
        out.append(value.bigIntegerValue());
      }
      case BOOLEAN -> out.append(value.booleanValue());
      case NULL -> out.append("null");
      default -> throw new CryptoException(CryptoException.Reason.MALFORMED, "not JSON: " + value.getNodeType());
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static void string(String text, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
