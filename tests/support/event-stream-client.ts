// A Server-Sent Events client over real HTTP (node:http), for tests of GET /events: it reads the
// stream as it arrives, parses frames the way a browser's EventSource does (enough of the WHATWG
// rules for Baton's frames), records comments, and notices when the server ends the stream.
import http from "node:http";

export type ReceivedEvent = { id: string; event: string; data: string };

export type EventStreamClient = {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The body so far, for answers that are not a stream (a 401). */
  text: () => string;
  events: ReceivedEvent[];
  comments: string[];
  /** The id of the last event received: what EventSource would send as Last-Event-ID. */
  lastEventId: () => string | null;
  /** True once the server has ended the response (or the connection dropped). */
  ended: () => boolean;
  /** True once the server ended the response properly (not a dropped connection). */
  endedCleanly: () => boolean;
  /** Resolves when `condition` holds, checking on every chunk; rejects after `timeoutMs`. */
  waitFor: (condition: () => boolean, what: string, timeoutMs?: number) => Promise<void>;
  /** Disconnects, as a closed tab does. */
  disconnect: () => void;
};

/**
 * Opens GET /events (or `path`) with the cookie and headers given, and resolves once the
 * response headers have arrived.
 */
export function openEventStream(
  base: string,
  {
    cookie,
    lastEventId,
    headers = {},
    path = "/events",
    onEvent,
    record = true,
    agent,
  }: {
    cookie?: string;
    lastEventId?: string;
    headers?: Record<string, string>;
    path?: string;
    /** Called as each event arrives (a load test times deliveries here). */
    onEvent?: (event: ReceivedEvent) => void;
    /** False keeps neither the body nor the events (a thousand streams under load). */
    record?: boolean;
    agent?: http.Agent;
  },
): Promise<EventStreamClient> {
  const { hostname, port } = new URL(base);
  const requestHeaders: Record<string, string> = { Accept: "text/event-stream", ...headers };
  if (cookie) requestHeaders.Cookie = cookie;
  if (lastEventId !== undefined) requestHeaders["Last-Event-ID"] = lastEventId;
  return new Promise((resolve, reject) => {
    const options = { host: hostname, port, path, headers: requestHeaders, agent };
    const request = http.request(options, (res) => {
      let raw = "";
      let pending = "";
      let isEnded = false;
      let isEndedCleanly = false;
      let last: string | null = null;
      const events: ReceivedEvent[] = [];
      const comments: string[] = [];
      const watchers = new Set<() => void>();
      const notify = () => {
        for (const watcher of [...watchers]) watcher();
      };
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        if (record) raw += chunk;
        pending += chunk;
        let end = pending.indexOf("\n\n");
        while (end !== -1) {
          const frame = pending.slice(0, end);
          pending = pending.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of frame.split("\n")) {
            if (line.startsWith(":")) {
              comments.push(line.slice(1).trim());
              continue;
            }
            const colon = line.indexOf(":");
            const name = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
            fields[name] = fields[name] === undefined ? value : `${fields[name]}\n${value}`;
          }
          if (fields.id !== undefined) last = fields.id;
          if (fields.data !== undefined) {
            const event = {
              id: fields.id ?? "",
              event: fields.event ?? "message",
              data: fields.data,
            };
            if (record) events.push(event);
            onEvent?.(event);
          }
          end = pending.indexOf("\n\n");
        }
        notify();
      });
      const finish = () => {
        isEnded = true;
        notify();
      };
      res.on("end", () => {
        isEndedCleanly = true;
        finish();
      });
      res.on("close", finish);
      res.on("error", finish);
      resolve({
        status: res.statusCode ?? 0,
        headers: res.headers,
        text: () => raw,
        events,
        comments,
        lastEventId: () => last,
        ended: () => isEnded,
        endedCleanly: () => isEndedCleanly,
        waitFor: (condition, what, timeoutMs = 5_000) =>
          new Promise<void>((done, fail) => {
            if (condition()) return done();
            const timer = setTimeout(() => {
              watchers.delete(check);
              fail(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
            }, timeoutMs);
            const check = () => {
              if (!condition()) return;
              clearTimeout(timer);
              watchers.delete(check);
              done();
            };
            watchers.add(check);
          }),
        disconnect: () => {
          request.destroy();
          res.destroy();
        },
      });
    });
    request.on("error", reject);
    request.end();
  });
}
