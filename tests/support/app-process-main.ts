// Baton in a process of its own, for the tests that kill the server (kill -9) or stop it
// (SIGTERM) under load: the real app from real-app.ts (Vite compiles app/, so no build is
// needed: `npm test` runs these before `npm run build`), shut down on SIGTERM by the same code
// as server.ts (server/shutdown.ts).
//   BATON_DATABASE_PATH=… PORT=… node --import tsx tests/support/app-process-main.ts
import { watchForGracefulShutdown } from "../../server/shutdown";
import { startRealApp } from "./real-app";

const app = await startRealApp({ logRequests: false, port: Number(process.env.PORT ?? 0) });
const entry = app.build.entry.module as unknown as { closeAllStreams: () => void };
const shutdown = watchForGracefulShutdown(app.server);
process.stdout.write(`listening ${app.base}\n`);
// The Remix plugin's own Vite server (its child compiler) exits the process on SIGTERM as soon as
// it has closed itself (exit code 143), whatever is in flight. Production has no Vite: take its
// handler off, so that what runs here is server.ts's shutdown alone.
process.removeAllListeners("SIGTERM");
process.once("SIGTERM", () => {
  void shutdown.close({ closeAllStreams: entry.closeAllStreams }).then(() => process.exit(0));
});
