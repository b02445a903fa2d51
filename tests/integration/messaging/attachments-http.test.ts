// Photos over real HTTP (issue 14): the conversation page's plain form posted as multipart through
// Express and the Remix build, the file served with its headers from every layer, a file over
// 10 MB answered 413 with the page, and no log line naming a file or its stored name.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb } from "~/db/connection.server";
import { messageAttachments, messages } from "~/db/schema.server";
import { openTeamChannel } from "~/messaging/conversations.server";
import { actorFor, signInAs } from "../../support/factories";
import { phonePhoto } from "../../support/files";
import { type RealApp, startRealApp } from "../../support/real-app";
import { createWard, type Ward } from "../../support/ward";

let app: RealApp;
let w: Ward;
let channelId: string;

beforeAll(async () => {
  w = await createWard();
  channelId = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward }).id;
  app = await startRealApp();
}, 120_000);
afterAll(() => app?.close());

/** Every console line written while `run` runs. */
async function logLinesOf(run: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const keep = (...parts: unknown[]) => {
    lines.push(parts.map(String).join(" "));
  };
  const spies = [
    vi.spyOn(console, "log").mockImplementation(keep),
    vi.spyOn(console, "error").mockImplementation(keep),
    vi.spyOn(console, "warn").mockImplementation(keep),
  ];
  try {
    await run();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return lines;
}

function post(
  cookie: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array },
) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("files", new File([new Uint8Array(file.bytes)], file.name, { type: "image/jpeg" }));
  return fetch(`${app.base}/messages/${channelId}`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: app.base },
    body: form,
    redirect: "manual",
  });
}

describe("a photo through the whole app", () => {
  it("uploads as a plain form, is served inline and no-store behind every layer, and no log line names it", async () => {
    const cookie = signInAs(w.omar.id).cookie;
    let attachmentId = "";
    let storedName = "";
    const lines = await logLinesOf(async () => {
      const sent = await post(
        cookie,
        { intent: "send", clientId: "http-photo-1", body: "Wound check" },
        { name: "Jane Doe wound.jpg", bytes: await phonePhoto() },
      );
      expect(sent.status).toBe(302);
      expect(sent.headers.get("Location")).toBe(`/messages/${channelId}#latest`);
      const message = getDb()
        .select()
        .from(messages)
        .where(eq(messages.clientId, "http-photo-1"))
        .get()!;
      const row = getDb()
        .select()
        .from(messageAttachments)
        .where(eq(messageAttachments.messageId, message.id))
        .get()!;
      attachmentId = row.id;
      storedName = row.storedName;

      const file = await fetch(`${app.base}/attachments/${attachmentId}`, {
        headers: { Cookie: cookie },
      });
      expect(file.status).toBe(200);
      expect(file.headers.get("Content-Type")).toBe("image/jpeg");
      expect(file.headers.get("Content-Disposition")).toBe('inline; filename="photo.jpg"');
      expect(file.headers.get("Cache-Control")).toMatch(/^no-store/);
      expect(file.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(file.headers.get("Cross-Origin-Resource-Policy")).toBe("same-origin");
      expect(file.headers.get("Content-Security-Policy")).toContain("sandbox");
      expect((await file.arrayBuffer()).byteLength).toBeGreaterThan(0);

      // Someone else's team: the same 404 as no such file.
      const other = await fetch(`${app.base}/attachments/${attachmentId}`, {
        headers: { Cookie: signInAs(w.trust.staff12.id).cookie },
      });
      expect(other.status).toBe(404);
    });
    const all = lines.join("\n");
    expect(all).not.toContain("Jane");
    expect(all).not.toContain("wound");
    expect(all).not.toContain(storedName);
    expect(all).not.toContain(storedName.slice(0, 32));
  });

  it("answers a file over 10 MB with 413 and the page saying why, with the words kept", async () => {
    const cookie = signInAs(w.omar.id).cookie;
    const answer = await post(
      cookie,
      { intent: "send", clientId: "http-photo-2", body: "Too big" },
      { name: "big.jpg", bytes: new Uint8Array(10 * 1024 * 1024 + 1) },
    );
    expect(answer.status).toBe(413);
    const page = await answer.text();
    expect(page).toContain("Each photo or file must be 10 MB or smaller.");
    expect(page).toContain("Too big</textarea>");
    expect(
      getDb().select().from(messages).where(eq(messages.clientId, "http-photo-2")).get(),
    ).toBeUndefined();
  });
});
