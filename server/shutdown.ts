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
 * - A request being handled keeps its connection until its answer has gone; then the connection
 *   closes (a request arriving meanwhile on a kept-alive connection is answered with
 *   `Connection: close`).
 */
export function closeGracefully(
  server: http.Server,
  { closeAllStreams, graceMs = 10_000 }: { closeAllStreams: () => void; graceMs?: number },
): Promise<void> {
  return new Promise((resolve) => {
    closeAllStreams();
    // A keep-alive connection that carries on sending requests would otherwise stay open until
    // the grace period ends: what it asks for now is answered, and then the connection closes.
    server.prependListener("request", (_req, res) => res.setHeader("Connection", "close"));
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    // Connections fall idle as their answers go (the streams just ended, requests in flight):
    // close each soon after, rather than after the keep-alive timeout.
    server.closeIdleConnections();
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    sweep.unref();
    setTimeout(() => {
      clearInterval(sweep);
      server.closeAllConnections();
      resolve();
    }, graceMs).unref();
  });
}
