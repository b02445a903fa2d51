// The compliance export (issue 14): administrators only, a conversation or a person over a range
// of UK dates, CSV safe against formula injection and JSON, purged messages marked without text,
// every export audited; the page and download routes through real requests.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { auditEvents, users } from "~/db/schema.server";
import { sendMessageWithFiles } from "~/messaging/attachments/send-with-files.server";
import { exportChoices, exportMessages } from "~/messaging/compliance-export.server";
import { openDirectConversation, openTeamChannel } from "~/messaging/conversations.server";
import { deleteMessage, editMessage } from "~/messaging/message-changes.server";
import { sendMessage } from "~/messaging/messages.server";
import { purgeExpiredMessages } from "~/messaging/retention.server";
import { loader as exportPageLoader } from "~/routes/_app.admin.message-export";
import { action as downloadAction } from "~/routes/_app.admin.message-export_.download";
import { actorFor, createPerson, signInAs } from "../../support/factories";
import { phonePhoto } from "../../support/files";
import { callAction, callLoader, thrownResponse } from "../../support/requests";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
let channelId: string;
let dmId: string;
const admin = () => actorFor(w.trust.admin.id);
const range = { from: "2026-11-01", to: "2026-11-30" };

beforeAll(async () => {
  w = await createWard();
  channelId = openTeamChannel({ actor: w.manager(), teamId: w.ward }).id;
  dmId = openDirectConversation({ actor: actorFor(w.nia.id), userId: w.omar.id }).id;
  const send = (conversationId: string, userId: string, iso: string, body: string) =>
    sendMessage({
      actor: actorFor(userId),
      conversationId,
      clientId: `export-${iso.replace(/\W/g, "")}`,
      body,
      now: new Date(iso),
    });
  send(channelId, w.nia.id, "2026-10-31T23:30:00Z", "Before the range (31 Oct, UK)");
  send(channelId, w.nia.id, "2026-11-01T00:30:00Z", '=HYPERLINK("http://x","Click")');
  send(channelId, w.omar.id, "2026-11-15T10:00:00Z", 'Bed 4, "obs" due');
  send(dmId, w.nia.id, "2026-11-20T10:00:00Z", "Swap Saturday?");
  send(channelId, w.nia.id, "2026-12-01T00:30:00Z", "After the range (1 Dec, UK)");
  // An old message retention has purged: it stays listed, without text.
  send(channelId, w.pat.id, "2026-08-01T09:00:00Z", "Purged text");
  await purgeExpiredMessages({ now: new Date("2026-11-10T12:00:00Z"), ranBy: "test" });
});

const lastExportAudit = () =>
  getDb()
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.action, "messages.exported"),
        eq(auditEvents.actorUserId, w.trust.admin.id),
      ),
    )
    .all()
    .at(-1);

describe("exporting", () => {
  it("exports a conversation's messages within the UK dates, oldest first, formula-safe, and audits it", () => {
    const file = exportMessages({
      actor: admin(),
      scope: { kind: "conversation", conversationId: channelId },
      range,
      format: "csv",
    });
    const lines = file.body.trim().split("\r\n");
    expect(lines[0]).toBe(
      "conversation_id,conversation,message_id,sent_at_utc,author_id,author_name,author_email,text,urgent,reply_to_message_id,purged_at_utc,purged_after_days,edited_at_utc,deleted_at_utc,deleted_by_user_id,attachments",
    );
    expect(lines).toHaveLength(3);
    expect(file.messages).toBe(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""Click"")"`);
    expect(lines[1]).toContain("Team channel: Ward 7");
    expect(lines[2]).toContain('"Bed 4, ""obs"" due"');
    expect(file.body).not.toContain("Before the range");
    expect(file.body).not.toContain("After the range");
    expect(file.contentType).toBe("text/csv; charset=utf-8");
    expect(JSON.parse(lastExportAudit()!.detail)).toEqual({
      format: "csv",
      from: "2026-11-01",
      to: "2026-11-30",
      messages: 2,
    });
    expect(lastExportAudit()).toMatchObject({ targetType: "conversation", targetId: channelId });
  });

  it("exports what a person sent in every conversation, as JSON, with purged messages marked and empty", () => {
    const file = exportMessages({
      actor: admin(),
      scope: { kind: "person", userId: w.pat.id },
      range: { from: "2026-07-01", to: "2026-11-30" },
      format: "json",
    });
    const json = JSON.parse(file.body);
    expect(json.messages).toHaveLength(1);
    expect(json.messages[0]).toMatchObject({
      authorName: "Pat Nurse",
      text: "",
      purgedAt: "2026-11-10T12:00:00.000Z",
      purgedAfterDays: 90,
    });
    expect(file.body).not.toContain("Purged text");
    expect(json.range).toEqual({ from: "2026-07-01", to: "2026-11-30", zone: "Europe/London" });
    const nia = JSON.parse(
      exportMessages({
        actor: admin(),
        scope: { kind: "person", userId: w.nia.id },
        range,
        format: "json",
      }).body,
    );
    expect(nia.messages.map((m: { conversation: string }) => m.conversation)).toEqual([
      "Team channel: Ward 7",
      "Direct message: Nia Nurse and Omar Nurse",
    ]);
  });

  it("lists the conversations with messages in the range, with counts and no text", () => {
    const choices = exportChoices({
      actor: admin(),
      range: { from: "2026-08-01", to: "2026-11-30" },
    });
    expect(choices).toEqual({
      kind: "conversations",
      conversations: [
        { id: dmId, title: "Direct message: Nia Nurse and Omar Nurse", messages: 1, removed: 0 },
        { id: channelId, title: "Team channel: Ward 7", messages: 4, removed: 1 },
      ],
      more: false,
    });
  });

  it("refuses a range that ends before it starts, or runs over 366 days, by field", () => {
    const run = (from: string, to: string) => () =>
      exportMessages({
        actor: admin(),
        scope: { kind: "conversation", conversationId: channelId },
        range: { from, to },
        format: "csv",
      });
    expect(run("2026-11-30", "2026-11-01")).toThrow(
      "The last day must be on or after the first day.",
    );
    expect(run("2025-01-01", "2026-01-02")).toThrow("Choose at most 366 days at a time.");
    expect(run("2026-02-30", "2026-03-01")).toThrow("Enter the first day as a real date.");
  });
});

describe("who may export", () => {
  it.each(["manager", "staff"] as const)(
    "gives a %s the audited 404, for the conversation and for a person",
    (who) => {
      const actor = who === "manager" ? w.manager() : actorFor(w.nia.id);
      for (const scope of [
        { kind: "conversation" as const, conversationId: channelId },
        { kind: "person" as const, userId: w.nia.id },
      ]) {
        let thrown: unknown;
        try {
          exportMessages({ actor, scope, range, format: "csv" });
        } catch (error) {
          thrown = error;
        }
        expect((thrown as Response).status).toBe(404);
      }
      const refusal = getDb()
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.action, "permission.denied"),
            eq(auditEvents.actorUserId, actor.userId),
          ),
        )
        .all()
        .at(-1);
      expect(JSON.parse(refusal!.detail)).toEqual({ attempted: "messages.export" });
    },
  );

  it("gives another organisation's administrator 404 for this one's conversation and person", async () => {
    const outsider = getDb().select().from(users).where(eq(users.id, w.outsider.id)).get()!;
    const otherAdmin = await createPerson({
      organisationId: outsider.organisationId,
      name: "Other Admin",
      isOrgAdmin: true,
    });
    for (const scope of [
      { kind: "conversation" as const, conversationId: channelId },
      { kind: "person" as const, userId: w.nia.id },
    ]) {
      let thrown: unknown;
      try {
        exportMessages({ actor: actorFor(otherAdmin.id), scope, range, format: "json" });
      } catch (error) {
        thrown = error;
      }
      expect((thrown as Response).status).toBe(404);
    }
  });
});

describe("the pages", () => {
  it("downloads a CSV with the attachment's headers, never cached", async () => {
    const { cookie } = signInAs(w.trust.admin.id);
    const response = (await callAction(downloadAction, {
      path: "/admin/message-export/download",
      cookie,
      form: { scope: "conversation", id: channelId, from: range.from, to: range.to, format: "csv" },
    })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toBe(
      'attachment; filename="baton-messages-conversation-2026-11-01-to-2026-11-30.csv"',
    );
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(await response.text()).toContain("Bed 4");
  });

  it("answers a bad range with 400 and a message, and exports nothing", async () => {
    const { cookie } = signInAs(w.trust.admin.id);
    const before = lastExportAudit()?.seq;
    const response = (await callAction(downloadAction, {
      path: "/admin/message-export/download",
      cookie,
      form: {
        scope: "conversation",
        id: channelId,
        from: "2026-11-30",
        to: "2026-11-01",
        format: "csv",
      },
    })) as Response;
    expect(response.status).toBe(400);
    expect(await response.text()).toBe("The last day must be on or after the first day.");
    expect(lastExportAudit()?.seq).toBe(before);
  });

  it("shows the administrator a person's count by email, and a clear error for bad dates", async () => {
    const { cookie } = signInAs(w.trust.admin.id);
    const data = (await callLoader(exportPageLoader, {
      path: `/admin/message-export?from=2026-11-01&to=2026-11-30&email=${encodeURIComponent(w.nia.email)}`,
      cookie,
    })) as { choices: unknown; errors: unknown[] };
    expect(data.choices).toEqual({
      kind: "person",
      person: { id: w.nia.id, name: "Nia Nurse", email: w.nia.email },
      messages: 2,
      removed: 0,
    });
    const bad = (await callLoader(exportPageLoader, {
      path: "/admin/message-export?from=2026-11-31&to=2026-11-30",
      cookie,
    })) as { choices: unknown; errors: { field: string; message: string }[] };
    expect(bad.choices).toBeNull();
    expect(bad.errors).toEqual([{ field: "from", message: "Enter the first day as a real date." }]);
  });

  it("gives staff and managers 404 for the page and the download", async () => {
    for (const userId of [w.nia.id, w.trust.manager7.id]) {
      const { cookie } = signInAs(userId);
      const page = await thrownResponse(() =>
        callLoader(exportPageLoader, { path: "/admin/message-export", cookie }),
      );
      const download = await thrownResponse(() =>
        callAction(downloadAction, {
          path: "/admin/message-export/download",
          cookie,
          form: {
            scope: "conversation",
            id: channelId,
            from: range.from,
            to: range.to,
            format: "csv",
          },
        }),
      );
      expect([page.status, download.status]).toEqual([404, 404]);
    }
  });
});

// Last: it adds a conversation, which the listing above would otherwise count.
describe("what a message export holds after issue 14's changes", () => {
  it("marks edited and deleted messages and lists a message's files by id, type and size", async () => {
    const at = (iso: string) => new Date(iso);
    const actor = actorFor(w.omar.id);
    // Its own conversation, so the other tests' counts stay as they are.
    const chat = openDirectConversation({ actor, userId: w.pat.id }).id;
    const edited = sendMessage({
      actor,
      conversationId: chat,
      clientId: "export-edited",
      body: "Saturday is fine",
      now: at("2026-11-21T10:00:00Z"),
    }).message;
    editMessage({
      actor,
      conversationId: chat,
      messageId: edited.id,
      body: "Saturday is fine, Sunday too",
      now: at("2026-11-21T10:05:00Z"),
    });
    const deleted = sendMessage({
      actor,
      conversationId: chat,
      clientId: "export-deleted",
      body: "Wrong chat",
      now: at("2026-11-21T11:00:00Z"),
    }).message;
    deleteMessage({
      actor,
      conversationId: chat,
      messageId: deleted.id,
      now: at("2026-11-21T11:01:00Z"),
    });
    const { message: photo } = await sendMessageWithFiles({
      actor,
      conversationId: chat,
      clientId: "export-photo",
      body: "",
      now: at("2026-11-21T12:00:00Z"),
      files: [{ name: "IMG_0042.jpg", bytes: await phonePhoto() }],
    });
    const file = exportMessages({
      actor: admin(),
      scope: { kind: "conversation", conversationId: chat },
      range,
      format: "json",
    });
    const byId = new Map(
      (JSON.parse(file.body).messages as { messageId: string }[]).map((m) => [m.messageId, m]),
    );
    expect(byId.get(edited.id)).toMatchObject({
      text: "Saturday is fine, Sunday too",
      editedAt: "2026-11-21T10:05:00.000Z",
      deletedAt: null,
    });
    expect(byId.get(deleted.id)).toMatchObject({
      text: "",
      deletedAt: "2026-11-21T11:01:00.000Z",
      deletedByUserId: w.omar.id,
    });
    expect(byId.get(photo.id)).toMatchObject({
      attachments: [
        { id: expect.any(String), contentType: "image/jpeg", size: expect.any(Number) },
      ],
    });
    // Nothing the phone called the file is kept, so nothing of it is exported.
    expect(file.body).not.toContain("IMG_0042");
    const csv = exportMessages({
      actor: admin(),
      scope: { kind: "conversation", conversationId: chat },
      range,
      format: "csv",
    }).body;
    expect(csv.split("\r\n")[0]).toContain(
      "edited_at_utc,deleted_at_utc,deleted_by_user_id,attachments",
    );
    expect(csv).toMatch(/image\/jpeg \d+ bytes/);
  });
});
