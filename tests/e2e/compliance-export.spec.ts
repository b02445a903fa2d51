// The compliance export in a browser (issue 14): a member writes in the team channel; the
// administrator finds it on Settings > Export messages and downloads the CSV, a real file over
// real HTTP, with the message in it and formula-looking text made safe.
import fs from "node:fs";
import { expect, test } from "./fixtures";

test("an administrator downloads a team channel's messages as CSV", async ({
  page,
  trust,
  signIn,
  newContext,
}) => {
  const staff = await newContext();
  await signIn(trust.staff, staff);
  const phone = await staff.newPage();
  await phone.goto("/messages");
  await phone
    .getByRole("region", { name: "Team channels" })
    .getByRole("link", { name: `${trust.teamName} team channel` })
    .click();
  await phone.waitForFunction(() => {
    const box = document.querySelector("textarea#message");
    return box !== null && Object.keys(box).some((key) => key.startsWith("__reactFiber"));
  });
  await phone.getByLabel("Message", { exact: true }).fill("=SUM(A1) bed 4 obs at 14:00");
  await phone.getByRole("button", { name: "Send" }).click();
  await expect(
    phone.getByRole("list", { name: "Messages" }).getByText("=SUM(A1) bed 4 obs at 14:00"),
  ).toBeVisible();

  await signIn(trust.admin);
  await page.goto("/settings");
  await page.getByRole("link", { name: "Export messages" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Export messages" })).toBeVisible();
  await page.getByRole("button", { name: "Find messages" }).click();
  const channel = page.getByRole("listitem").filter({ hasText: `Team channel: ${trust.teamName}` });
  await expect(channel.getByText("1 message")).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    channel.getByRole("button", { name: /Download CSV/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^baton-messages-conversation-.*\.csv$/);
  const csv = fs.readFileSync((await download.path()) ?? "", "utf8");
  expect(csv).toContain(`'=SUM(A1) bed 4 obs at 14:00`);
  expect(csv).toContain(trust.staff.name);
});
