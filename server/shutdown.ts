// Graceful shutdown on SIGTERM: stop taking connections, end every event stream, let requests in
// flight finish (an action's write commits before its answer is sent), then close. Kept apart
// from server.ts so that the test of a shutdown under load runs this very code.
import type http from "node:http";
import type { Socket } from "node:net";

export type GracefulShutdown = {
  /**
   * Closes the server gracefully; resolves once every connection has closed, or after `graceMs`
   * (10 s), when whatever is still open is cut.
   */
  close: (options: { closeAllStreams: () => void; graceMs?: number }) => Promise<void>;
};

/** How long a kept-alive connection must have been quiet before a shutdown closes it. */
const QUIET_MS = 250;
const SWEEP_MS = 50;

type Connection = { answers: Set<http.ServerResponse>; quietSince: number };

/**
 * Watches `server`'s connections and requests from the start, so that a shutdown knows which
 * are busy. Call once, right after creating the server.
 *
 * Why not `closeIdleConnections`: a kept-alive connection with no request being handled looks
 * idle even while the client's next request is on its way (or in the socket, unread), and
 * closing it then resets that request: a plain form post would show a connection error, and the
 * person could not tell whether it was sent. So on shutdown:
 * - a busy connection's answer carries `Connection: close` when its headers have not gone yet
 *   (the client then does not reuse it), and the connection ends as soon as its answer has gone;
 * - a connection with nothing in flight is ended once it has been quiet for QUIET_MS, long enough
 *   for a request already on its way to arrive and make it busy instead.
 */
export function watchForGracefulShutdown(server: http.Server): GracefulShutdown {
  const connections = new Map<Socket, Connection>();
  let closing = false;
  server.on("connection", (socket: Socket) => {
    connections.set(socket, { answers: new Set(), quietSince: performance.now() });
    socket.once("close", () => connections.delete(socket));
  });
  server.prependListener("request", (req: http.IncomingMessage, res: http.ServerResponse) => {
    const connection = connections.get(req.socket);
    if (!connection) return;
    connection.answers.add(res);
    if (closing) res.setHeader("Connection", "close");
    res.once("close", () => {
      connection.answers.delete(res);
      if (connection.answers.size > 0) return;
      connection.quietSince = performance.now();
      if (closing) req.socket.end();
    });
  });
  const endQuietConnections = () => {
    const now = performance.now();
    for (const [socket, connection] of connections) {
      if (connection.answers.size === 0 && now - connection.quietSince >= QUIET_MS) socket.end();
    }
  };
  return {
    close: ({ closeAllStreams, graceMs = 10_000 }) =>
      new Promise((resolve) => {
        closing = true;
        // Event streams never finish on their own: ending them lets browsers reconnect (with
        // Last-Event-ID) to whatever serves next, and their connections then end as above.
        closeAllStreams();
        for (const connection of connections.values()) {
          for (const res of connection.answers) {
            if (!res.headersSent) res.setHeader("Connection", "close");
          }
        }
        const sweep = setInterval(endQuietConnections, SWEEP_MS);
        const cut = setTimeout(() => {
          clearInterval(sweep);
          server.closeAllConnections();
          resolve();
        }, graceMs);
        cut.unref();
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(cut);
          resolve();
        });
        endQuietConnections();
      }),
  };
}
