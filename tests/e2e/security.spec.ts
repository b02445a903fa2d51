// HTTP-level protections seen from outside: state-changing requests that do not come from a
// Baton page are refused, and nothing a signed-in person sees may be stored by the browser.
import { expect, test } from "./fixtures";

const FOREIGN_ORIGIN = "https://evil.example";

test.describe("a POST that did not come from a Baton page is refused", () => {
  test("sign-in without an Origin header", async ({ request }) => {
    const response = await request.post("/login", {
      form: { email: "someone@e2e.nhs.net", password: "a password of some length" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("did not come from a Baton page");
  });

  test("sign-in from another site", async ({ request }) => {
    const response = await request.post("/login", {
      headers: { Origin: FOREIGN_ORIGIN },
      form: { email: "someone@e2e.nhs.net", password: "a password of some length" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
  });

  test("sign-in from Baton's own origin is let through (and the password judged)", async ({
    request,
    baseURL,
    trust: _trust,
  }) => {
    // The trust is only there so the database is not empty: an empty one sends /login to
    // first-run setup (302), which is what this test saw when it happened to run first.
    const response = await request.post("/login", {
      headers: { Origin: baseURL! },
      form: { email: "someone@e2e.nhs.net", password: "a password of some length" },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(200);
    expect(await response.text()).toContain("The email address or password is not right");
  });

  test("a signed-in action without an Origin header or from another site", async ({
    request,
    baseURL,
    trust,
    signIn,
  }) => {
    const token = await signIn(trust.staff);
    const cookie = `baton_session=${token}`;
    for (const origin of [undefined, FOREIGN_ORIGIN, "null"]) {
      const response = await request.post("/settings/devices", {
        headers: origin ? { Cookie: cookie, Origin: origin } : { Cookie: cookie },
        form: { intent: "sign-out-all" },
        maxRedirects: 0,
      });
      expect(response.status(), `Origin: ${origin ?? "(none)"}`).toBe(403);
    }
    // The refused requests changed nothing: the session still works.
    const stillSignedIn = await request.get("/shifts", {
      headers: { Cookie: cookie },
      maxRedirects: 0,
    });
    expect(stillSignedIn.status()).toBe(200);

    // The same action from Baton's own origin goes through.
    const allowed = await request.post("/settings/devices", {
      headers: { Cookie: cookie, Origin: baseURL! },
      form: { intent: "sign-out-all" },
      maxRedirects: 0,
    });
    expect(allowed.status()).toBe(302);
    expect(allowed.headers().location).toBe("/login");
    const signedOut = await request.get("/shifts", {
      headers: { Cookie: cookie },
      maxRedirects: 0,
    });
    expect(signedOut.status()).toBe(302);
    expect(signedOut.headers().location).toBe("/login?next=%2Fshifts");
  });
});

test("signed-in pages and their data are never stored by the browser", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.manager);
  const document = await page.goto("/shifts");
  expect(document?.status()).toBe(200);
  expect(document?.headers()["cache-control"]).toBe("no-store");

  const data = page.waitForResponse((response) =>
    new URL(response.url()).pathname.startsWith("/messages.data"),
  );
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Messages" })
    .click();
  const dataResponse = await data;
  expect(dataResponse.headers()["cache-control"]).toBe("no-store");
  await expect(page.getByRole("heading", { level: 1, name: "Messages" })).toBeVisible();

  for (const path of ["/team", `/team/${trust.teamId}`, "/settings", "/settings/devices"]) {
    const response = await page.goto(path);
    expect(response?.headers()["cache-control"], path).toBe("no-store");
  }
});

test("hashed build assets, unlike pages, may be cached for good", async ({ page, request }) => {
  const assets: string[] = [];
  page.on("response", (response) => {
    if (new URL(response.url()).pathname.startsWith("/assets/")) assets.push(response.url());
  });
  await page.goto("/login");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();
  expect(assets.length).toBeGreaterThan(0);
  const response = await request.get(assets[0]!);
  expect(response.headers()["cache-control"]).toContain("immutable");
});

test("Chromium recognises every feature the Permissions-Policy header names", async ({
  page,
  trust: _trust,
}) => {
  const complaints: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Permissions-Policy")) complaints.push(message.text());
  });
  const response = await page.goto("/login");
  expect(response?.headers()["permissions-policy"]).toContain("camera=()");
  await expect(page.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();
  // The header is parsed before the page's first script runs: by now any complaint is logged.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
  expect(complaints).toEqual([]);
});
