// The installable shell: the web app manifest, and a service worker that keeps only static
// files (never a page or its data, which may hold patient information) and an offline page.
import { expect, test } from "./fixtures";

type ManifestIcon = { src: string; sizes: string; type: string; purpose?: string };

test("the web app manifest names Baton, opens standalone and lists its icons", async ({
  page,
  request,
}) => {
  await page.goto("/login");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute(
    "href",
    "/manifest.webmanifest",
  );

  const response = await request.get("/manifest.webmanifest");
  expect(response.status()).toBe(200);
  const manifest = (await response.json()) as {
    short_name: string;
    display: string;
    start_url: string;
    icons: ManifestIcon[];
  };
  expect(manifest.short_name).toBe("Baton");
  expect(manifest.display).toBe("standalone");
  expect(manifest.start_url).toBe("/shifts");
  const sizes = manifest.icons.map((icon) => icon.sizes);
  expect(sizes).toContain("192x192");
  expect(sizes).toContain("512x512");
  expect(manifest.icons.some((icon) => icon.purpose?.split(" ").includes("maskable"))).toBe(true);
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.status(), icon.src).toBe(200);
    expect(image.headers()["content-type"], icon.src).toBe("image/png");
  }
});

/** Every URL in every cache the page's origin holds, with the type of what is stored. */
async function cachedEntries(page: import("@playwright/test").Page) {
  return page.evaluate(async () => {
    const entries: { url: string; contentType: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        const response = await cache.match(request);
        entries.push({
          url: request.url,
          contentType: response?.headers.get("Content-Type") ?? "",
        });
      }
    }
    return entries;
  });
}

const STATIC_PATH = /^\/(assets\/.+|offline\.html|offline\.css|manifest\.webmanifest|icons\/.+)$/;

test("the service worker registers and caches static files only, never a page", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/shifts");
  const scriptURL = await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return registration.active?.scriptURL ?? "";
  });
  expect(new URL(scriptURL).pathname).toBe("/sw.js");
  // Once active the worker claims the page: from then on page loads pass through it.
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)))
    .toBe(true);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Hello, Tom" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Team" }).click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();

  const entries = await cachedEntries(page);
  const paths = entries.map((entry) => new URL(entry.url).pathname);
  expect(paths).toContain("/offline.html");
  expect(paths.some((path) => path.startsWith("/assets/"))).toBe(true);
  for (const entry of entries) {
    const path = new URL(entry.url).pathname;
    expect(path, `${entry.url} should not be cached`).toMatch(STATIC_PATH);
    if (path !== "/offline.html")
      expect(entry.contentType, `${entry.url} holds a document`).not.toContain("text/html");
  }
});

test("offline, a page load shows the offline page instead of anything remembered", async ({
  page,
  context,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/shifts");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)))
    .toBe(true);

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1, name: "You are offline" })).toBeVisible();
    await expect(page.getByText("Hello, Tom")).toHaveCount(0);
  } finally {
    await context.setOffline(false);
  }
});
