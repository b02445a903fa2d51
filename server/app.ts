// The Express application: static files, security middleware and the Remix handler. Kept apart
// from server.ts (which listens and shuts down) so that it reads as one list of layers.
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import type { ViteDevServer } from "vite";
import { loggablePath } from "../app/web/log-safety";
import { withRequestScope } from "../app/web/request-scope.server";
import { routedSegments } from "../app/web/routed-path";
import { perAddress, perAnonymousAddress, perSession, rateLimit } from "./rate-limit";
import { formBodiesOnly, noStore, originCheck, securityHeaders } from "./security";

/** Requests a minute: see the README's "Rate limits". */
export const RATE_LIMITS = {
  /** One signed-in session (a person's phone): far above what a person clicking can make. */
  session: { limit: 600, windowMs: 60_000 },
  /** One address without a session: sign-in pages, invitations, the calendar feed. */
  anonymous: { limit: 600, windowMs: 60_000 },
  /** Everything from one address: a ward of 60 behind one hospital NAT address stays under it. */
  address: { limit: 6_000, windowMs: 60_000 },
  /** Sign-in, first-run setup and accepting an invitation from one address (argon2 is slow). */
  credentials: { limit: 30, windowMs: 60_000 },
} as const;

export type AppOptions = {
  /** In development, Vite serves the client and compiles the server build on demand. */
  vite?: ViteDevServer;
  /**
   * The server build, or (in development) a function that loads it afresh. Remix re-derives its
   * routes and route matcher on every request when given a function, so production passes the
   * loaded build itself.
   */
  build: ServerBuild | (() => Promise<ServerBuild>);
  clientDirectory: string;
  trustProxy?: string;
  configuredOrigin?: string;
  logRequests?: boolean;
  /** Benchmarks only (BATON_BENCH_NO_RATE_LIMITS=1): the limiter is not what they measure. */
  rateLimits?: boolean;
};

/**
 * Posts that check a password or create one: sign-in, setup and invitation acceptance, however
 * the path is spelt (Remix posts to "/login.data"; "/LOGIN/" reaches the same route).
 */
export function isCredentialPath(path: string): boolean {
  // Read as the router reads it: "/%6Cogin" and "/x/../login" reach the sign-in route too.
  const routed = routedSegments(path).map((segment) => segment.toLowerCase());
  // Remix strips ".data" from the end of the whole path (single fetch), and the router ignores
  // a trailing slash, so "/login.data", "/login/.data" and "/login/" all reach sign-in.
  const last = routed.length - 1;
  if (routed[last]?.endsWith(".data")) routed[last] = routed[last].slice(0, -".data".length);
  const [first = "", ...rest] = routed.filter(Boolean);
  const page = rest.length === 0 ? first : "";
  // Not here: a password reset link (/reset/<token>) checks its 160-bit token before any argon2
  // work, so a guess costs nothing; Settings > Change password is behind a session and the
  // account's sign-in lockout, checked before argon2 (password-change.server.ts).
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
    // Static files all have an extension; a page's path never does, so it skips the file
    // system look-up (a stat per request) and goes straight to Remix.
    const files = express.static(options.clientDirectory, { maxAge: "1h", index: false });
    app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? files(req, res, next) : next()));
  }

  app.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.type("text/plain").send("ok");
  });

  if (options.rateLimits !== false) {
    // README, "Rate limits": per session when signed in, per address otherwise, with a ceiling
    // per address that a whole ward behind one NAT address stays well under.
    app.use(rateLimit({ ...RATE_LIMITS.address, key: perAddress }));
    app.use(rateLimit({ ...RATE_LIMITS.session, key: perSession }));
    app.use(rateLimit({ ...RATE_LIMITS.anonymous, key: perAnonymousAddress }));
    app.use(
      rateLimit({
        ...RATE_LIMITS.credentials,
        key: perAddress,
        match: (req) => req.method === "POST" && isCredentialPath(req.path),
      }),
    );
  }
  app.use(originCheck({ configuredOrigin: options.configuredOrigin }));
  app.use(formBodiesOnly);
  app.use(noStore);
  app.use((_req, _res, next) => withRequestScope(next));

  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      getLoadContext: (req, res) => ({
        cspNonce: String(res.locals.cspNonce ?? ""),
        clientAddress: req.ip ?? "",
        responseBufferedBytes: () => res.writableLength,
      }),
    }),
  );
  return app;
}
