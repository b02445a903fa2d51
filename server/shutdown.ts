// Graceful shutdown on SIGTERM: stop taking connections, end every event stream, let requests in
// flight finish (an action's write commits before its answer is sent), then close. Kept apart
// from server.ts so that the test of a shutdown under load runs this very code.
import type http from "node:http";

/**
 * Closes `server` gracefully and resolves once it has closed, or after `graceMs` (10 s), when
 * whatever is still open is cut.
 *
 * - Event streams never finish on their own: `closeAllStreams` ends them, and browsers reconnect
 *   (with Last-Event-ID) to whatever serves next. Their connections then fall idle and are closed.
 * - A request being handled keeps its connection until its answer has gone.
 */
export function closeGracefully(
  server: http.Server,
  { closeAllStreams, graceMs = 10_000 }: { closeAllStreams: () => void; graceMs?: number },
): Promise<void> {
  return new Promise((resolve) => {
    closeAllStreams();
    server.close(() => resolve());
    server.closeIdleConnections();
    // The streams just ended go idle once their last bytes are written.
    setImmediate(() => server.closeIdleConnections());
    setTimeout(() => {
      server.closeAllConnections();
      resolve();
    }, graceMs).unref();
  });
}
