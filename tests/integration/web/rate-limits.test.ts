// Rate limits over real HTTP: signed-in traffic counts per session, so one ward behind one NAT
// address does not share a budget; anonymous traffic counts per address; a ceiling per address
// still holds whatever cookies a client invents.
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  perAddress,
  perAnonymousAddress,
  perSession,
  rateLimit,
  sessionTokenInCookie,
} from "../../../server/rate-limit";

const servers: { close: () => void }[] = [];

/** An app with the production's limiters in the production's order, and small limits. */
async function startApp(): Promise<string> {
  const app = express();
  app.use(rateLimit({ limit: 8, windowMs: 60_000, key: perAddress }));
  app.use(rateLimit({ limit: 3, windowMs: 60_000, key: perSession }));
  app.use(rateLimit({ limit: 2, windowMs: 60_000, key: perAnonymousAddress }));
  app.all("*", (_req, res) => {
    res.send("ok");
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let base = "";
beforeAll(async () => {
  base = await startApp();
});
afterAll(() => {
  for (const server of servers) server.close();
});

const token = (letter: string) => letter.repeat(32);
const get = (cookie?: string, at = base) =>
  fetch(`${at}/shifts`, { headers: cookie ? { Cookie: cookie } : {} }).then((r) => r.status);

async function statuses(times: number, cookie?: string): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < times; i++) seen.push(await get(cookie));
  return seen;
}

describe("rate limits", () => {
  it("gives each signed-in session its own budget from one address", async () => {
    expect(await statuses(4, `baton_session=${token("a")}`)).toEqual([200, 200, 200, 429]);
    // A colleague on the same ward network is not held back by the first person's requests.
    expect(await statuses(3, `baton_session=${token("b")}`)).toEqual([200, 200, 200]);
  });

  it("holds every address to a ceiling, however many session cookies it invents", async () => {
    // 7 requests so far from this address (the refused one counts too); the ceiling is 8.
    expect(await statuses(2, `baton_session=${token("c")}`)).toEqual([200, 429]);
  });

  it("counts anonymous requests per address, apart from signed-in ones", async () => {
    const fresh = await startApp();
    const anonymous = [await get(undefined, fresh), await get(undefined, fresh)];
    expect([...anonymous, await get(undefined, fresh)]).toEqual([200, 200, 429]);
    // The same address signed in still has its session's budget.
    expect(await get(`baton_session=${token("f")}`, fresh)).toBe(200);
  });
});

describe("sessionTokenInCookie", () => {
  it("reads either cookie name and only a token of the right shape", () => {
    expect(sessionTokenInCookie(`a=1; baton_session=${token("d")}`)).toBe(token("d"));
    expect(sessionTokenInCookie(`__Host-baton_session=${token("e")}`)).toBe(token("e"));
    expect(sessionTokenInCookie("baton_session=not-a-token")).toBeNull();
    expect(sessionTokenInCookie(undefined)).toBeNull();
  });
});
