// Photos and PDFs in messages on a phone (issue 14): a photo is chosen with the file input (as a
// phone's camera hands it over), previewed, sent and shown in the thread as a thumbnail, with no
// download offered; the server sends it inline and uncacheable, without the phone's GPS EXIF, and
// the service worker keeps no copy. A file over 10 MB and a file offline are refused before
// anything is sent; with JavaScript off the same form uploads as a plain HTML form.

import type { Page, Request } from "@playwright/test";
import exifr from "exifr";
import sharp from "sharp";
import { expect, type Trust, test } from "./fixtures";

/** A phone photo: 1200 × 900 with orientation, camera and GPS EXIF. */
async function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 1200, height: 900, channels: 3, background: "#b07a60" } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "PhoneCo", Model: "X1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "51/1 30/1 0/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "0/1 7/1 0/1",
      },
    })
    .toBuffer();
}

async function openTeamChannel(page: Page, trust: Trust) {
  await page.goto("/messages");
  await page
    .getByRole("region", { name: "Team channels" })
    .getByRole("link", { name: `${trust.teamName} team channel` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: trust.teamName })).toBeVisible();
}

/** Waits until React has taken over the composer after a whole page load. */
async function composerReady(page: Page) {
  await page.waitForFunction(() => {
    const box = document.querySelector("textarea#message");
    return box !== null && Object.keys(box).some((key) => key.startsWith("__reactFiber"));
  });
}

/** The thread's messages (each may hold a list of its own files). */
const messagesIn = (page: Page) =>
  page.getByRole("list", { name: "Messages" }).locator(":scope > li");

test("a nurse attaches a photo on the phone, sees it in the thread, and nothing offers to save it", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await openTeamChannel(page, trust);
  await composerReady(page);
  await page.evaluate(() => navigator.serviceWorker.ready);

  const photo = await phonePhoto();
  expect((await exifr.parse(photo, { gps: true })).latitude).toBeCloseTo(51.5);
  await page
    .getByLabel("Photos or PDFs (optional)")
    .setInputFiles({ name: "IMG_0412.jpg", mimeType: "image/jpeg", buffer: photo });
  // The preview, before anything is sent.
  await expect(page.getByRole("img", { name: "Preview of IMG_0412.jpg" })).toBeVisible();
  await page.getByLabel("Message", { exact: true }).fill("Dressing, day 3");
  const upload = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().includes("/messages/"),
  );
  await page.getByRole("button", { name: "Send" }).click();
  await upload;

  const sent = messagesIn(page).last();
  await expect(sent).toContainText("Dressing, day 3");
  const thumbnail = sent.getByRole("img", { name: /Attached 1 of 1/ });
  await expect(thumbnail).toBeVisible();
  await expect
    .poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  // Upright: the phone's orientation 6 was applied (portrait).
  const [w, h] = await thumbnail.evaluate((img: HTMLImageElement) => [
    img.naturalWidth,
    img.naturalHeight,
  ]);
  expect(h).toBeGreaterThan(w);
  // No download offered anywhere, and the composer is empty again.
  await expect(page.locator("a[download]")).toHaveCount(0);
  await expect(page.getByRole("link", { name: /download|save/i })).toHaveCount(0);
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue("");
  await expect(page.getByRole("img", { name: /^Preview of/ })).toHaveCount(0);

  // The full image: inline, never stored, as re-encoded (no GPS, no camera).
  const href = await sent.getByRole("link", { name: /Attached 1 of 1/ }).getAttribute("href");
  expect(href).toMatch(/^\/attachments\/[a-z2-7]+$/);
  const full = await page.request.get(href!);
  expect(full.status()).toBe(200);
  expect(full.headers()["content-disposition"]).toBe('inline; filename="photo.jpg"');
  expect(full.headers()["content-type"]).toBe("image/jpeg");
  expect(full.headers()["cache-control"]).toContain("no-store");
  const bytes = await full.body();
  expect(await exifr.parse(bytes, { gps: true })).toBeUndefined();

  // Reloaded under the service worker's control, the thumbnail is fetched through it: no cache
  // holds it (or anything else of /attachments/).
  await page.reload();
  await expect
    .poll(() => page.evaluate(() => Boolean(navigator.serviceWorker.controller)))
    .toBe(true);
  await expect
    .poll(() =>
      page
        .getByRole("img", { name: /Attached 1 of 1/ })
        .last()
        .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth),
    )
    .toBeGreaterThan(0);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const key of await caches.keys()) {
      const cache = await caches.open(key);
      for (const request of await cache.keys()) urls.push(request.url);
    }
    return urls;
  });
  expect(cached.length).toBeGreaterThan(0);
  expect(cached.filter((url) => url.includes("/attachments/"))).toEqual([]);
});

test("a file over 10 MB, or any file while offline, is refused before anything is sent", async ({
  page,
  context,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await openTeamChannel(page, trust);
  await composerReady(page);
  const posts: Request[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request);
  });
  const files = page.getByLabel("Photos or PDFs (optional)");
  await files.setInputFiles({
    name: "scan.pdf",
    mimeType: "application/pdf",
    buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
  });
  await expect(
    page.getByText("scan.pdf: Each photo or file must be 10 MB or smaller."),
  ).toBeVisible();
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("alert")).toContainText("10 MB or smaller");

  await page.getByRole("button", { name: "Remove scan.pdf" }).click();
  await files.setInputFiles({ name: "a.jpg", mimeType: "image/jpeg", buffer: await phonePhoto() });
  await context.setOffline(true);
  await page.getByLabel("Message", { exact: true }).fill("With a photo");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("alert")).toContainText("You're offline");
  // The words and the file stay in the form; nothing went.
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue("With a photo");
  expect(await files.evaluate((input: HTMLInputElement) => input.files?.length)).toBe(1);
  expect(posts).toEqual([]);
  await context.setOffline(false);
});

test("a program renamed as a photo is refused by the server with the reason, the words kept", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await openTeamChannel(page, trust);
  await composerReady(page);
  await page.getByLabel("Photos or PDFs (optional)").setInputFiles({
    name: "photo.jpg",
    mimeType: "image/jpeg",
    buffer: Buffer.concat([Buffer.from("MZ\x90\x00", "latin1"), Buffer.alloc(4096, 0x90)]),
  });
  await page.getByLabel("Message", { exact: true }).fill("Is this the chart?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "photo.jpg: This file is not a photo (JPEG, PNG or WebP) or a PDF, so it was not sent.",
  );
  await expect(page.getByLabel("Message", { exact: true })).toHaveValue("Is this the chart?");
  await expect(messagesIn(page)).toHaveCount(0);
});

test.describe("with JavaScript off", () => {
  test.use({ javaScriptEnabled: false });

  test("the composer uploads a photo as a plain form, and refuses one over 10 MB with the words kept", async ({
    page,
    trust,
    signIn,
  }) => {
    await signIn(trust.manager);
    await openTeamChannel(page, trust);
    await page
      .getByLabel("Photos or PDFs (optional)")
      .setInputFiles({ name: "photo.jpg", mimeType: "image/jpeg", buffer: await phonePhoto() });
    await page.getByRole("button", { name: "Send" }).click();
    const sent = messagesIn(page).last();
    await expect(sent.getByRole("img", { name: /Attached 1 of 1/ })).toBeVisible();

    await page.getByLabel("Photos or PDFs (optional)").setInputFiles({
      name: "big.jpg",
      mimeType: "image/jpeg",
      buffer: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    await page.getByLabel("Message", { exact: true }).fill("Too big?");
    const answer = page.waitForResponse(
      (response) =>
        response.request().method() === "POST" && response.request().resourceType() === "document",
    );
    await page.getByRole("button", { name: "Send" }).click();
    expect((await answer).status()).toBe(413);
    await expect(page.getByRole("alert")).toContainText(
      "Each photo or file must be 10 MB or smaller.",
    );
    await expect(page.getByLabel("Message", { exact: true })).toHaveValue("Too big?");
    await expect(messagesIn(page)).toHaveCount(1);
  });
});
