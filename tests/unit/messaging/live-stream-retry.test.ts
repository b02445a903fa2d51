import { describe, expect, it } from "vitest";
import { STREAM_RETRY_LIMIT, streamRetryDelay } from "~/components/live-events";

describe("streamRetryDelay", () => {
  it("waits 5 seconds, then 15, then a minute before reopening a stream that gave up", () => {
    expect([1, 2, 3].map(streamRetryDelay)).toEqual([5_000, 15_000, 60_000]);
  });

  it("never tries more often than once a minute after the third try", () => {
    expect(streamRetryDelay(4)).toBe(60_000);
    expect(streamRetryDelay(STREAM_RETRY_LIMIT)).toBe(60_000);
  });

  it("gives up past the limit, so a signed-out tab stops asking", () => {
    expect(streamRetryDelay(STREAM_RETRY_LIMIT + 1)).toBeNull();
  });

  it("has no wait for a try that is not a retry", () => {
    expect(streamRetryDelay(0)).toBeNull();
  });
});
