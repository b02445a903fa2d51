// The HTTP layer's protections, on a real Express server over real HTTP.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rateLimit } from "../../server/rate-limit";
import { noStore, originCheck, securityHeaders } from "../../server/security";

let base = "";
let close: () => void;

beforeAll(async () => {
  const app = express();
  app.use(securityHeaders({ development: false }));
  app.use(rateLimit({ limit: 5, windowMs: 60_000, match: (req) => req.path === "/limited" }));
  app.use(originCheck({ configuredOrigin: "https://baton.trust.example" }));
  app.use(noStore);
  app.all("*", (_req, res) => {
    res.send("reached the app");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});

afterAll(() => close());

const post = (path: string, origin?: string, fetchSite?: string) =>
  fetch(`${base}${path}`, {
    method: "POST",
    headers: {
      ...(origin ? { Origin: origin } : {}),
      ...(fetchSite ? { "Sec-Fetch-Site": fetchSite } : {}),
    },
    body: "a=1",
  });

describe("Origin check over HTTP", () => {
  it("refuses a POST with no Origin with 403, before it reaches the app", async () => {
    const response = await post("/login");
    expect(response.status).toBe(403);
    expect(await response.text()).not.toContain("reached the app");
  });

  it("refuses a POST from another site with 403", async () => {
    expect((await post("/logout", "https://evil.example")).status).toBe(403);
  });

  it("lets a POST from the server's own origin and from the configured public origin through", async () => {
    expect((await post("/login", base)).status).toBe(200);
    expect((await post("/login", "https://baton.trust.example")).status).toBe(200);
  });

  it("lets a form post with Origin null through when the browser marks it same-origin", async () => {
    expect((await post("/login", "null", "same-origin")).status).toBe(200);
  });

  it("refuses a post the browser marks cross-site, even with our own Origin", async () => {
    expect((await post("/login", "null", "cross-site")).status).toBe(403);
    expect((await post("/login", base, "cross-site")).status).toBe(403);
  });

  it("lets GET through without an Origin", async () => {
    expect((await fetch(`${base}/shifts`)).status).toBe(200);
  });
});

describe("security headers", () => {
  it("sends a nonce-based CSP that changes on every response, and the other headers", async () => {
    const [a, b] = await Promise.all([fetch(`${base}/`), fetch(`${base}/`)]);
    const nonce = (r: Response) =>
      /'nonce-([^']+)'/.exec(r.headers.get("Content-Security-Policy") ?? "")?.[1];
    expect(nonce(a)).toBeTruthy();
    expect(nonce(a)).not.toBe(nonce(b));
    expect(a.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(a.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(a.headers.get("Permissions-Policy")).toContain("camera=()");
    expect(a.headers.get("Cache-Control")).toBe("no-store");
    // HSTS only over HTTPS: this test server is plain HTTP.
    expect(a.headers.get("Strict-Transport-Security")).toBeNull();
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once the limit is passed", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${base}/limited`)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await fetch(`${base}/limited`);
    expect(Number(refused.headers.get("Retry-After"))).toBeGreaterThan(0);
  });
});
