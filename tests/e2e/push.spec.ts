// Push in the browser (issue 13): the service worker's push and notificationclick handlers in
// Debian's Chromium, driven through the Chrome DevTools Protocol (ServiceWorker.
// deliverPushMessage), since headless Chromium cannot make a real push subscription here; and
// Settings > Notifications on a phone.
import { expect, expectNoSeriousAccessibilityViolations, test } from "./fixtures";

test("a push shows a notification with only its title, line and tag, and a tap opens its path", async ({
  page,
  context,
  baseURL,
  trust,
}) => {
  expect(trust.organisationId).toBeTruthy(); // an organisation exists: no first-run setup
  await context.grantPermissions(["notifications"], { origin: baseURL });
  await page.goto("/login");
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  const cdp = await context.newCDPSession(page);
  const registration = new Promise<string>((resolve) => {
    cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
      const live = registrations.find((r: { isDeleted: boolean }) => !r.isDeleted);
      if (live) resolve(live.registrationId);
    });
  });
  await cdp.send("ServiceWorker.enable");
  const registrationId = await registration;
  const origin = new URL(baseURL!).origin;
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId,
    data: JSON.stringify({
      title: "New message",
      body: "New message in Ward 7 night, Tue 3 Dec.",
      path: "/messages/abc123",
      tag: "conversation:abc123",
    }),
  });
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const shown = await (await navigator.serviceWorker.ready).getNotifications();
        return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data }));
      }),
    )
    .toEqual([
      {
        title: "New message",
        body: "New message in Ward 7 night, Tue 3 Dec.",
        tag: "conversation:abc123",
        data: { path: "/messages/abc123" },
      },
    ]);

  // A path that is not Baton's own is never followed: the notification opens the home page.
  await cdp.send("ServiceWorker.deliverPushMessage", {
    origin,
    registrationId,
    data: JSON.stringify({ title: "x", body: "y", path: "https://evil.example/", tag: "t2" }),
  });
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const shown = await (await navigator.serviceWorker.ready).getNotifications({ tag: "t2" });
        return shown[0]?.data;
      }),
    )
    .toEqual({ path: "/" });

  // The tap: the worker's own handler, given the notification it showed. The open window goes to
  // the path; signed out, sign-in comes first and then the path.
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent("serviceworker"));
  await worker.evaluate(async () => {
    const sw = self as unknown as ServiceWorkerGlobalScope;
    const [notification] = await sw.registration.getNotifications({ tag: "conversation:abc123" });
    sw.dispatchEvent(new NotificationEvent("notificationclick", { notification: notification! }));
  });
  await expect(page).toHaveURL(/\/login\?next=%2Fmessages%2Fabc123$/);
});

test("Settings > Notifications offers alerts on this device and saves when to send them", async ({
  page,
  trust,
  signIn,
}) => {
  await signIn(trust.staff);
  await page.goto("/settings");
  await page.getByRole("main").getByRole("link", { name: "Notifications" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Notifications" })).toBeVisible();
  // Headless Chromium has the Push API, so the button is offered (it cannot finish here).
  await expect(page.getByRole("button", { name: "Turn on alerts on this device" })).toBeVisible();
  await page.getByRole("radio", { name: "Urgent messages only" }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toHaveText("Saved: Baton alerts you as chosen.");
  await page.reload();
  await expect(page.getByRole("radio", { name: "Urgent messages only" })).toBeChecked();
  await expectNoSeriousAccessibilityViolations(page);
});
