// The whole of Baton over real HTTP for integration tests: the Express app from server/app.ts in
// front of the Remix server build, compiled by Vite from app/ (as `npm run dev` does), against
// the test file's own SQLite database. Slower to start than calling a loader (a few seconds), so
// keep to the tests that are about the HTTP layer itself: spellings of a path, request bodies.
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ServerBuild } from "@remix-run/node";
import { createServer } from "vite";
import { createApp } from "../../server/app";

export type RealApp = {
  /** http://127.0.0.1:<port>, the origin the Origin check accepts. */
  base: string;
  build: ServerBuild;
  /** The listening server (a child process shuts it down as server.ts does). */
  server: http.Server;
  /**
   * A module as the running server holds it (Vite's copy, not the test's own): for reading the
   * server's state, such as how many event streams it has open. A path from the project root.
   */
  serverModule: <T>(modulePath: string) => Promise<T>;
  close: () => Promise<void>;
};

/** Starts Baton on a free port (or on `port`). Call `close` in afterAll. */
export async function startRealApp({ logRequests = true, port = 0 } = {}): Promise<RealApp> {
  const vite = await createServer({
    configFile: path.resolve("vite.config.ts"),
    logLevel: "error",
    // No HMR socket: it would take a fixed port that another test run may hold.
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  const build = (await vite.ssrLoadModule("virtual:remix/server-build")) as ServerBuild;
  const app = createApp({
    build: async () => build,
    clientDirectory: path.resolve("build/client"),
    logRequests,
  });
  const server = app.listen(port, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    build,
    server,
    serverModule: async <T>(modulePath: string) => (await vite.ssrLoadModule(modulePath)) as T,
    close: async () => {
      await new Promise((resolve) => server.close(resolve));
      await vite.close();
    },
  };
}

export type RawAnswer = { status: number; contentType: string; setCookie: string[]; body: string };

/**
 * One request with the path sent exactly as written: `fetch` would tidy `/./calendar` or
 * `/a/../b` before sending, and those spellings are what some tests are about.
 */
export function rawRequest(
  base: string,
  {
    method = "GET",
    path: rawPath,
    headers = {},
    body,
  }: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: hostname, port, path: rawPath, method, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers["content-type"] ?? ""),
            setCookie: res.headers["set-cookie"] ?? [],
            body: Buffer.concat(chunks).toString("utf8"),
          }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}
