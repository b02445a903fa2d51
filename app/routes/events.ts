// GET /events: the signed-in tab's one Server-Sent Events stream (DESIGN.md, "Real time"). Every
// event the person may see arrives here, ids only; the page reloads what changed through its
// loaders. The hub (app/messaging/stream-hub.server.ts) does the work; this route only connects
// an HTTP response to it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { parseLastEventId } from "~/messaging/sse-frames";
import { openStream } from "~/messaging/stream-hub.server";
import { getSession } from "~/web/session-cookie.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = getSession(request);
  if (!session) {
    // Not a redirect: EventSource cannot follow one to a sign-in page, and a 401 makes it stop
    // reconnecting. The page's own next load sends the person to sign in.
    return new Response("Sign in to receive updates.", {
      status: 401,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
    });
  }
  const encoder = new TextEncoder();
  const bufferedBytes = context.responseBufferedBytes ?? (() => 0);
  let stream: { close: () => void } | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let ended = false;
      stream = openStream({
        sessionId: session.sessionId,
        actor: session.actor,
        lastEventId: parseLastEventId(lastEventIdOf(request)),
        sink: {
          write: (text) => {
            if (ended) return;
            try {
              controller.enqueue(encoder.encode(text));
            } catch {
              // The response has already gone (the client left before the abort was seen).
              stream?.close();
            }
          },
          end: () => {
            if (ended) return;
            ended = true;
            try {
              controller.close();
            } catch {
              // Already cancelled by the client: nothing left to end.
            }
          },
          bufferedBytes,
        },
      });
      request.signal.addEventListener("abort", () => stream?.close(), { once: true });
    },
    cancel() {
      stream?.close();
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform: a proxy must not compress or otherwise hold the stream back.
      "Cache-Control": "no-cache, no-transform",
      // nginx would otherwise buffer the response and deliver events late, in bursts.
      "X-Accel-Buffering": "no",
    },
  });
}

/**
 * Where to resume from. EventSource sends the Last-Event-ID header itself when it reconnects, but
 * a new EventSource cannot set headers: a tab that takes over the shared stream (DESIGN.md, "Real
 * time") passes the last id it saw as `?lastEventId=`. The header wins, because on a reconnect it
 * is newer than the query the page first opened with.
 */
function lastEventIdOf(request: Request): string | null {
  return (
    request.headers.get("Last-Event-ID") ?? new URL(request.url).searchParams.get("lastEventId")
  );
}
