package dev.steward.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReadMarkersTest extends MockHomeserver {
  private final ReadMarkers receipts = client.receipts();

  @Test
  void readReceiptPostsToTheEvent() {
    answer("{}");

    receipts.readReceipt(ROOM, EventId.of("$ev1"));

    assertThat(body(take("POST", ROOM_PATH + "/receipt/m.read/$ev1"))).isEqualTo(json("{}"));
  }

  @Test
  void readMarkersCarryFullyReadAndRead() {
    answer("{}");
    answer("{}");

    receipts.setReadMarkers(ROOM, EventId.of("$a"), EventId.of("$b"));
    receipts.setReadMarkers(ROOM, EventId.of("$a"), null);

    assertThat(body(take("POST", ROOM_PATH + "/read_markers")))
        .isEqualTo(json("{\"m.fully_read\":\"$a\",\"m.read\":\"$b\"}"));
    assertThat(body(take("POST", ROOM_PATH + "/read_markers"))).isEqualTo(json("{\"m.fully_read\":\"$a\"}"));
  }

  @Test
  void typingOnWithTimeoutThenOff() {
    answer("{}");
    answer("{}");

    receipts.typing(ROOM, Duration.ofSeconds(20));
    receipts.stopTyping(ROOM);

    assertThat(body(take("PUT", ROOM_PATH + "/typing/@bot:localhost")))
        .isEqualTo(json("{\"typing\":true,\"timeout\":20000}"));
    assertThat(body(take("PUT", ROOM_PATH + "/typing/@bot:localhost"))).isEqualTo(json("{\"typing\":false}"));
  }

  @Test
  void typingNeedsAPositiveTimeout() {
    assertThatThrownBy(() -> receipts.typing(ROOM, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    assertThat(server.getRequestCount()).isZero();
  }

  @Test
  void receiptInARoomTheUserIsNotInIsForbidden() {
    answerError(403, "M_FORBIDDEN");

    MatrixException e = catchThrowableOfType(MatrixException.class,
        () -> receipts.readReceipt(ROOM, EventId.of("$x")));

    assertThat(e.code()).isEqualTo(ErrorCode.M_FORBIDDEN);
  }
}
