// Organisation settings > Message retention (issue 14): an administrator sets both windows within
// 7 to 365 days; shortening asks first, saying how many messages will go, and changes nothing
// until confirmed; every change is audited with the values before and after.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, organisations } from "~/db/schema.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { action, loader } from "~/routes/_app.admin.settings";
import { actorFor, signInAs } from "../../support/factories";
import { callAction, callLoader } from "../../support/requests";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
let cookie: string;
const settings = () =>
  getDb()
    .select({ shift: organisations.retentionShiftDays, other: organisations.retentionOtherDays })
    .from(organisations)
    .where(eq(organisations.id, w.trust.organisation.id))
    .get();
const save = (form: Record<string, string>) =>
  callAction(action, { path: "/admin/settings", cookie, form: { intent: "retention", ...form } });

beforeAll(async () => {
  w = await createWard();
  cookie = signInAs(w.trust.admin.id).cookie;
  const channel = openTeamChannel({ actor: w.manager(), teamId: w.ward });
  const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
  for (const [i, age] of [40, 20, 3].entries()) {
    sendMessage({
      actor: actorFor(w.nia.id),
      conversationId: channel.id,
      clientId: `settings-${i}`,
      body: `Message ${age} days old`,
      now: daysAgo(age),
    });
  }
});

describe("message retention settings", () => {
  it("shows the defaults: 30 days after the shift, 90 after sending", async () => {
    const data = (await callLoader(loader, { path: "/admin/settings", cookie })) as {
      retention: unknown;
    };
    expect(data.retention).toEqual({ shiftDays: 30, otherDays: 90 });
  });

  it("refuses values outside 7 to 365 days, or not whole, by field, and changes nothing", async () => {
    const answer = (await save({ shiftDays: "6", otherDays: "36.5" })) as {
      errors: { field: string; message: string }[];
    };
    expect(answer.errors).toEqual([
      { field: "shiftDays", message: "Shift threads' retention must be at least 7 days." },
      {
        field: "otherDays",
        message: "Enter other conversations' retention as a whole number of days.",
      },
    ]);
    expect(settings()).toEqual({ shift: 30, other: 90 });
  });

  it("asks first before shortening, with how many messages will go, and changes nothing", async () => {
    const answer = (await save({ shiftDays: "30", otherDays: "14" })) as {
      confirm: unknown;
      removed: number;
    };
    expect(answer.confirm).toEqual({
      intent: "retention",
      fields: { shiftDays: "30", otherDays: "14" },
    });
    expect(answer.removed).toBe(2);
    expect(settings()).toEqual({ shift: 30, other: 90 });
  });

  it("saves once confirmed and audits the values before and after", async () => {
    const answer = (await save({ shiftDays: "30", otherDays: "14", confirmed: "yes" })) as {
      saved: string;
    };
    expect(answer.saved).toBe("retention");
    expect(settings()).toEqual({ shift: 30, other: 14 });
    const audit = getDb()
      .select()
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, "organisation.settings_changed"),
          eq(auditEvents.organisationId, w.trust.organisation.id),
        ),
      )
      .orderBy(desc(auditEvents.seq))
      .get();
    expect(JSON.parse(audit!.detail)).toEqual({
      retentionShiftDays: { from: 30, to: 30 },
      retentionOtherDays: { from: 90, to: 14 },
    });
  });

  it("saves a longer window at once, without asking", async () => {
    const answer = (await save({ shiftDays: "60", otherDays: "365" })) as { saved: string };
    expect(answer.saved).toBe("retention");
    expect(settings()).toEqual({ shift: 60, other: 365 });
  });
});
