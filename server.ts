// Baton's HTTP server: Express in front of the Remix build. `npm start` and `npm run demo` reach
// it through scripts/start.ts (which builds first if needed); `npm run dev` runs it directly.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createApp } from "./server/app";
import { watchForGracefulShutdown } from "./server/shutdown";

type StartupExports = {
  prepareServer: (options: { demo: boolean; origin: string }) => Promise<void>;
  closeAllStreams: () => void;
};

export async function startServer({ demo = false }: { demo?: boolean } = {}) {
  const root = path.dirname(fileURLToPath(import.meta.url));
  const development = process.env.NODE_ENV === "development";
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST ?? "0.0.0.0";
  const origin = process.env.BATON_ORIGIN ?? `http://localhost:${port}`;

  const vite = development
    ? await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }))
    : undefined;
  const loadBuild = vite
    ? () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>
    : () =>
        import(
          pathToFileURL(path.join(root, "build/server/index.js")).href
        ) as Promise<ServerBuild>;

  const build = await loadBuild();
  const entry = build.entry.module as unknown as StartupExports;
  await entry.prepareServer({ demo, origin });

  const app = createApp({
    vite,
    build: vite ? loadBuild : build,
    clientDirectory: path.join(root, "build/client"),
    trustProxy: process.env.BATON_TRUST_PROXY,
    configuredOrigin: process.env.BATON_ORIGIN,
    logRequests: process.env.BATON_LOG_REQUESTS !== "0",
    rateLimits: process.env.BATON_BENCH_NO_RATE_LIMITS !== "1",
  });

  const server = app.listen(port, host, () => {
    console.log(`Baton is listening on ${origin}`);
  });
  const shutdown = watchForGracefulShutdown(server);

  // Graceful shutdown: stop taking connections, end the event streams, let requests in flight
  // finish, then exit (server/shutdown.ts).
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: shutting down.`);
    void shutdown.close({ closeAllStreams: entry.closeAllStreams }).then(() => process.exit(0));
    void vite?.close();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
  return server;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  startServer({ demo: process.argv.includes("--demo") }).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
