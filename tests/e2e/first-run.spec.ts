// First-run setup, on a server of its own whose database starts empty (one per project, see
// playwright.config.ts). The tests in this file run in order: the scan needs the empty state.
import {
  test as base,
  expect,
  expectNoSeriousAccessibilityViolations,
  firstRunURL,
  PASSWORD,
} from "./fixtures";

const test = base.extend({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright reads a fixture's dependencies from this pattern.
  baseURL: async ({}, use, testInfo) => {
    await use(firstRunURL(testInfo));
  },
});

test("an empty installation sends everyone to set-up, which has no serious accessibility problems", async ({
  page,
}) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { level: 1, name: "Set up Baton" })).toBeVisible();
  await expectNoSeriousAccessibilityViolations(page);
});

test("set-up creates the organisation and its administrator, and signs them in", async ({
  page,
  browser,
  baseURL,
}) => {
  await page.goto("/setup");
  await page.getByLabel("Organisation name").fill("Northgate Hospitals NHS Foundation Trust");
  await page.getByLabel("Your full name").fill("Olusegun Adeyemi");
  await page.getByLabel("Your work email address").fill("o.adeyemi@e2e.nhs.net");
  await page.getByLabel("Choose a password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create organisation" }).click();

  await expect(page).toHaveURL(/\/team$/);
  await expect(page.getByRole("heading", { level: 1, name: "Teams" })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Olusegun Adeyemi");
  await expect(page.getByRole("banner")).toContainText("Northgate Hospitals NHS Foundation Trust");

  // Set-up happens once: afterwards the page sends people to sign in.
  const stranger = await browser.newContext({ baseURL });
  try {
    const other = await stranger.newPage();
    await other.goto("/setup");
    await expect(other).toHaveURL(/\/login$/);
    await expect(other.getByRole("heading", { level: 1, name: "Sign in to Baton" })).toBeVisible();
  } finally {
    await stranger.close();
  }
  // The administrator, already signed in, goes on through sign-in to their shifts.
  await page.goto("/setup");
  await expect(page).toHaveURL(/\/shifts$/);
});

// Run last in this file: it uses up this server's sign-in allowance for the minute, which no
// other test shares. The page's own form posts to /login.data, and that must count too.
test("more than 30 sign-in posts a minute from one address are refused", async ({
  request,
  baseURL,
}) => {
  const statuses: number[] = [];
  // At most two fixed windows' worth (should one roll over mid-loop) before the limit bites.
  for (let attempt = 0; attempt < 61; attempt++) {
    const response = await request.post("/login.data", {
      headers: { Origin: baseURL! },
      form: { email: "", password: "" },
      maxRedirects: 0,
    });
    statuses.push(response.status());
    if (response.status() === 429) {
      expect(response.headers()["retry-after"]).toMatch(/^\d+$/);
      break;
    }
  }
  expect(statuses.at(-1)).toBe(429);
  expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
});
