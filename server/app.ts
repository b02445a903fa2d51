// The Express application: static files, security middleware and the Remix handler. Kept apart
// from server.ts (which listens and shuts down) so that it reads as one list of layers.
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { ViteDevServer } from "vite";
import { loggablePath } from "../app/web/log-safety";
import { routedSegments } from "../app/web/routed-path";
import { rateLimit } from "./rate-limit";
import { formBodiesOnly, noStore, originCheck, securityHeaders } from "./security";

export type AppOptions = {
  /** In development, Vite serves the client and compiles the server build on demand. */
  vite?: ViteDevServer;
  build: () => Promise<ServerBuild>;
  clientDirectory: string;
  trustProxy?: string;
  configuredOrigin?: string;
  logRequests?: boolean;
};

/**
 * Posts that check a password or create one: sign-in, setup and invitation acceptance, however
 * the path is spelt (Remix posts to "/login.data"; "/LOGIN/" reaches the same route).
 */
export function isCredentialPath(path: string): boolean {
  // Read as the router reads it: "/%6Cogin" and "/x/../login" reach the sign-in route too.
  const segments = routedSegments(path)
    .filter(Boolean)
    .map((segment) => segment.toLowerCase());
  const [first = "", ...rest] = segments;
  const page = rest.length === 0 ? first.replace(/\.data$/, "") : "";
  return page === "login" || page === "setup" || first === "invite";
}

export function createApp(options: AppOptions): express.Express {
  const app = express();
  const development = Boolean(options.vite);
  app.disable("x-powered-by");
  if (options.trustProxy) {
    // A hop count ("1"), "true" (trust every proxy: only when nothing else can reach Baton), or
    // Express's list of trusted addresses ("loopback, 10.0.0.0/8").
    const hops = Number(options.trustProxy);
    const setting =
      options.trustProxy === "true" ? true : Number.isInteger(hops) ? hops : options.trustProxy;
    app.set("trust proxy", setting);
  }

  // Never compress the real-time stream: buffering would hold its events back.
  app.use(
    compression({
      filter: (req, res) => {
        const type = String(res.getHeader("Content-Type") ?? "");
        return !type.includes("text/event-stream") && compression.filter(req, res);
      },
    }),
  );
  app.use(securityHeaders({ development }));

  if (options.logRequests) {
    app.use((req, res, next) => {
      const started = performance.now();
      res.on("finish", () => {
        const ms = (performance.now() - started).toFixed(0);
        console.log(`${req.method} ${loggablePath(req.originalUrl)} ${res.statusCode} ${ms}ms`);
      });
      next();
    });
  }

  if (options.vite) {
    app.use(options.vite.middlewares);
  } else {
    // Hashed build assets never change under the same name.
    app.use(
      "/assets",
      express.static(path.join(options.clientDirectory, "assets"), {
        immutable: true,
        maxAge: "1y",
      }),
    );
    // The service worker must be re-checked on every load, or an update would never be seen.
    app.get("/sw.js", (_req, res, next) => {
      res.setHeader("Cache-Control", "no-cache");
      res.setHeader("Service-Worker-Allowed", "/");
      next();
    });
    app.use(express.static(options.clientDirectory, { maxAge: "1h", index: false }));
  }

  app.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.type("text/plain").send("ok");
  });

  app.use(rateLimit({ limit: 600, windowMs: 60_000 }));
  app.use(
    rateLimit({
      limit: 30,
      windowMs: 60_000,
      match: (req) => req.method === "POST" && isCredentialPath(req.path),
    }),
  );
  app.use(originCheck({ configuredOrigin: options.configuredOrigin }));
  app.use(formBodiesOnly);
  app.use(noStore);

  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce ?? ""),
        clientAddress: req.ip ?? "",
      }),
    }),
  );
  return app;
}
