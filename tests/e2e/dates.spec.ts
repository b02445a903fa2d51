// A date that does not exist is named, not read as another day, in a browser with JavaScript
// off: the audit filter is a plain GET form, and 31 April must not become 1 May.
import { expect, test } from "./fixtures";

test("the audit filter says 31 April 2027 does not exist, with JavaScript off", async ({
  trust,
  signIn,
  newContext,
}) => {
  const context = await newContext({ javaScriptEnabled: false });
  await signIn(trust.admin, context);
  const page = await context.newPage();
  await page.goto("/admin/audit?from=2027-04-31");
  await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
  await expect(
    page.getByText("31 April 2027 does not exist. Enter the From date as a real date."),
  ).toBeVisible();
  await expect(page.getByRole("textbox", { name: /From/ })).toHaveAttribute("aria-invalid", "true");
});
