// The text of the event stream, as a browser's EventSource reads it.
import { describe, expect, it } from "vitest";
import { commentFrame, eventFrame, parseLastEventId, retryFrame } from "~/messaging/sse-frames";

describe("stream frames", () => {
  it("writes an event as id, kind and one line of JSON, ended by a blank line", () => {
    expect(eventFrame({ seq: 42, kind: "message.created", data: { messageId: "m1" } })).toBe(
      'id: 42\nevent: message.created\ndata: {"messageId":"m1"}\n\n',
    );
  });

  it("keeps data on one line even when a value holds a newline", () => {
    const frame = eventFrame({ seq: 1, kind: "x", data: { note: "a\nb" } });
    expect(frame.trimEnd().split("\n")).toHaveLength(3);
  });

  it("writes a heartbeat as a comment line, which EventSource ignores", () => {
    expect(commentFrame("heartbeat")).toBe(": heartbeat\n\n");
  });

  it("writes the reconnection delay in whole milliseconds", () => {
    expect(retryFrame(2999.6)).toBe("retry: 3000\n\n");
  });
});

describe("Last-Event-ID", () => {
  it.each([
    [null, null],
    ["", null],
    ["  ", null],
  ])("is a first connection when the header is %j", (header, expected) => {
    expect(parseLastEventId(header)).toBe(expected);
  });

  it.each([
    ["0", 0],
    ["17", 17],
    [" 17 ", 17],
  ])("resumes after %j", (header, expected) => {
    expect(parseLastEventId(header)).toBe(expected);
  });

  it.each(["-1", "1.5", "1e3", "abc", "12abc", "9".repeat(16)])(
    "cannot resume from %j",
    (header) => {
      expect(parseLastEventId(header)).toBe("invalid");
    },
  );
});
