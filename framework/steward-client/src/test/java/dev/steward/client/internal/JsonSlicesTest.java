package dev.steward.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte scanner must find where a string ends wherever its quotes and escapes fall in an eight-byte word. */
class JsonSlicesTest {
  private static final String[] PIECES = {"a", "bcdefgh", "\\\"", "\\\\", "\\n", "\\u0022", "ü", "😀", "}", "{", "]",
      ",", " ", "'"};

  /** A reference: the index just past the string starting at {@code i}, one byte at a time. */
  private static int slowStringEnd(byte[] b, int i) {
    for (int j = i + 1; j < b.length; j++) {
      if (b[j] == '\\') {
        j++;
      } else if (b[j] == '"') {
        return j + 1;
      }
    }
    return -1;
  }

  @Test
  void findsTheEndOfStringsOfEveryLengthAndOffsetAsAByteByByteScanDoes() throws Exception {
    Random random = new Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder s = new StringBuilder(" ".repeat(random.nextInt(9))).append('"');
      int pieces = random.nextInt(12);
      for (int p = 0; p < pieces; p++) {
        s.append(PIECES[random.nextInt(PIECES.length)]);
      }
      s.append("\",\"next\"").append(" ".repeat(random.nextInt(9)));
      byte[] b = s.toString().getBytes(StandardCharsets.UTF_8);
      int start = s.indexOf("\"");

      assertThat(new JsonSlices(b, b.length).valueEnd(start)).as(s.toString()).isEqualTo(slowStringEnd(b, start));
    }
  }

  @Test
  void aStringCutOffByTheEndIsUnterminatedAlsoRightAfterABackslash() {
    for (String s : new String[] {"\"abcdefghijklmnop", "\"abcdefghijklmno\\", "\"abcdefghijklmn\\\"", "\"\\"}) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);

      assertThatThrownBy(() -> new JsonSlices(b, b.length).valueEnd(0)).as(s)
          .isInstanceOf(JsonSlices.Malformed.class).hasMessageContaining("unterminated string");
    }
  }

  @Test
  void theEndGivenBoundsTheScanEvenWithBytesBeyondIt() throws Exception {
    byte[] b = "\"abcdefghij\"tail\"".getBytes(StandardCharsets.UTF_8);

    assertThat(new JsonSlices(b, b.length).valueEnd(0)).isEqualTo(12);
    assertThatThrownBy(() -> new JsonSlices(b, 11).valueEnd(0)).isInstanceOf(JsonSlices.Malformed.class);
  }
}
