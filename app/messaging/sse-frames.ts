// The text of a Server-Sent Events stream (WHATWG HTML, "Server-sent events"): pure, no database.
// A frame ends with a blank line; a line starting with ":" is a comment the browser ignores,
// which keeps proxies from closing a quiet connection.

/** What a page receives for one event-log row: ids only, never message text. */
export type StreamEvent = { seq: number; kind: string; data: Record<string, unknown> };

/**
 * One event: `id:` is the event log's sequence (the browser sends it back as Last-Event-ID when
 * it reconnects), `event:` the kind, `data:` one line of JSON (JSON.stringify never emits a raw
 * newline, so the data needs no splitting).
 */
export function eventFrame({ seq, kind, data }: StreamEvent): string {
  return `id: ${seq}\nevent: ${kind}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: the heartbeat. `text` must hold no newline. */
export function commentFrame(text: string): string {
  return `: ${text}\n\n`;
}

/** How long (ms) the browser waits before reconnecting after the stream ends. */
export function retryFrame(ms: number): string {
  return `retry: ${Math.round(ms)}\n\n`;
}

/**
 * The Last-Event-ID header as a sequence: null when absent or empty (a first connection), the
 * number when it is a non-negative safe integer, "invalid" for anything else (a page must then
 * reload its data: we cannot tell what it holds).
 */
export function parseLastEventId(header: string | null): number | null | "invalid" {
  if (header === null || header.trim() === "") return null;
  const text = header.trim();
  if (!/^\d{1,15}$/.test(text)) return "invalid";
  return Number(text);
}
