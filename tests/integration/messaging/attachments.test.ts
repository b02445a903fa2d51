// Photos and PDFs attached to messages (issue 14): what is stored (re-encoded, with no metadata),
// what is refused (a decompression bomb, a renamed executable, a file over 10 MB, a PDF that is
// not one) with nothing written, who may fetch a file (members now: a former member and another
// team get the 404), the headers it is served with, and removing a message's files.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import exifr from "exifr";
import sharp from "sharp";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { getDb, writeTransaction } from "~/db/connection.server";
import { events, messageAttachments, messages } from "~/db/schema.server";
import {
  attachmentsByMessage,
  removeMessageAttachments,
  sweepOrphanAttachmentFiles,
} from "~/messaging/attachments/attachments.server";
import { simplePdf } from "~/messaging/attachments/demo-files.server";
import { MAX_FILE_BYTES } from "~/messaging/attachments/limits";
import { prepareFile } from "~/messaging/attachments/prepare.server";
import { sendMessageWithFiles } from "~/messaging/attachments/send-with-files.server";
import { attachmentsDirectory, storedPath } from "~/messaging/attachments/storage.server";
import { MAX_UPLOADS_AT_ONCE, takeUploadSlot } from "~/messaging/attachments/upload-slots.server";
import { createGroup, leaveGroup, openTeamChannel } from "~/messaging/conversations.server";
import { sendMessage } from "~/messaging/messages.server";
import { alertsOfEvent } from "~/messaging/push/push-planner.server";
import * as conversationPage from "~/routes/_app.messages.$conversationId";
import * as attachmentRoute from "~/routes/attachments.$attachmentId";
import * as thumbnailRoute from "~/routes/attachments.$attachmentId_.thumbnail";
import { actorFor, signInAs } from "../../support/factories";
import { executable, multipartPost, phonePhoto, pngBomb } from "../../support/files";
import { callLoader, context, thrownResponse } from "../../support/requests";
import { createWard, type Ward } from "../../support/ward";

let w: Ward;
let channelId: string;
beforeAll(async () => {
  w = await createWard();
  channelId = openTeamChannel({ actor: actorFor(w.nia.id), teamId: w.ward }).id;
});

let n = 0;
const clientId = () => `files-${n++}`;

/** Every file under the attachments directory, as relative paths. */
function filesOnDisk(): string[] {
  const root = attachmentsDirectory();
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((entry) => fs.statSync(path.join(root, entry)).isFile());
}

const rowsOf = (messageId: string) =>
  getDb()
    .select()
    .from(messageAttachments)
    .where(eq(messageAttachments.messageId, messageId))
    .all();

describe("preparing a file", () => {
  it("re-encodes a phone photo upright, with its GPS position, camera and other metadata gone", async () => {
    const original = await phonePhoto();
    // The test photo does carry what a phone writes.
    const before = await exifr.parse(original, { gps: true });
    expect(before.latitude).toBeCloseTo(51.5);
    expect(before.Make).toBe("PhoneCo");

    const prepared = await prepareFile(original);
    if (prepared.kind !== "image") throw new Error("expected an image");
    expect(prepared.contentType).toBe("image/jpeg");
    // Orientation 6 was applied to the pixels: 300 × 200 stored as 200 × 300.
    expect([prepared.width, prepared.height]).toEqual([200, 300]);
    for (const bytes of [prepared.bytes, prepared.thumbnail.bytes]) {
      expect(
        await exifr.parse(bytes, { gps: true, tiff: true, xmp: true, icc: true }),
      ).toBeUndefined();
      const metadata = await sharp(bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.orientation).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
    }
    expect(prepared.bytes.equals(original)).toBe(false);
  });

  it("shrinks a large photo to 2560 pixels and makes a thumbnail within 480", async () => {
    const big = await sharp({
      create: { width: 4000, height: 3000, channels: 3, background: "#336699" },
    })
      .png()
      .toBuffer();
    const prepared = await prepareFile(big);
    if (prepared.kind !== "image") throw new Error("expected an image");
    expect(prepared.contentType).toBe("image/png");
    expect([prepared.width, prepared.height]).toEqual([2560, 1920]);
    expect([prepared.thumbnail.width, prepared.thumbnail.height]).toEqual([480, 360]);
    expect((await sharp(prepared.thumbnail.bytes).metadata()).format).toBe("jpeg");
  });

  it("refuses a decompression bomb by its pixel count, before decoding it", async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(200_000);
    // sharp's own limit, as prepareFile sets it, refuses to decode it too.
    await expect(sharp(bomb, { limitInputPixels: 50_000_000 }).raw().toBuffer()).rejects.toThrow(
      /pixel limit/,
    );
    const started = performance.now();
    await expect(prepareFile(bomb)).rejects.toThrow(/too large to open/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("refuses an executable renamed as a photo, an SVG and plain text, by their bytes", async () => {
    await expect(prepareFile(executable("elf"))).rejects.toThrow(/not a photo .* or a PDF/);
    await expect(prepareFile(executable("exe"))).rejects.toThrow(/not a photo .* or a PDF/);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
    );
    await expect(prepareFile(svg)).rejects.toThrow(/not a photo .* or a PDF/);
    await expect(prepareFile(Buffer.from("hello"))).rejects.toThrow(/not a photo .* or a PDF/);
  });

  it("keeps a well-formed PDF as it is and refuses one that only begins like a PDF", async () => {
    const pdf = simplePdf(["Ward guidance"]);
    const prepared = await prepareFile(pdf);
    expect(prepared.kind).toBe("pdf");
    expect(prepared.bytes.equals(pdf)).toBe(true);
    const fake = Buffer.concat([Buffer.from("%PDF-1.4\n"), executable("elf")]);
    await expect(prepareFile(fake)).rejects.toThrow(/not a readable PDF/);
  });
});

describe("sending with files", () => {
  it("stores the re-encoded photo and its thumbnail under random names, never the upload", async () => {
    const original = await phonePhoto();
    const { message, created } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "",
      files: [{ name: "IMG_2041 Jane Doe.jpg", bytes: original }],
    });
    expect(created).toBe(true);
    expect(message.body).toBe("");
    const [row] = rowsOf(message.id);
    expect(row).toMatchObject({
      kind: "image",
      contentType: "image/jpeg",
      width: 200,
      height: 300,
    });
    expect(row!.storedName).toMatch(/^[0-9a-f]{32}\.jpg$/);
    expect(row!.thumbnailName).toMatch(/^[0-9a-f]{32}\.jpg$/);
    const stored = fs.readFileSync(storedPath(row!.storedName));
    expect(stored.equals(original)).toBe(false);
    expect(await exifr.parse(stored, { gps: true })).toBeUndefined();
    // Nothing the phone called it is kept anywhere in the row.
    expect(JSON.stringify(row)).not.toContain("Jane");
    expect(JSON.stringify(row)).not.toContain("IMG_2041");
  });

  it("announces the message with ids only: no file name, no stored name", async () => {
    const { message } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "See photo",
      files: [{ name: "Jane Doe wound.jpg", bytes: await phonePhoto() }],
    });
    const [row] = rowsOf(message.id);
    const logged = getDb()
      .select()
      .from(events)
      .all()
      .filter((e) => e.ids.includes(message.id));
    expect(logged.map((e) => e.kind)).toEqual(["message.created"]);
    for (const e of logged) {
      expect(e.ids).not.toContain("Jane");
      expect(e.ids).not.toContain(row!.storedName);
      expect(e.ids).not.toContain(row!.id);
    }
  });

  it("makes push alerts that name no file: generic words and the conversation's path", async () => {
    const { message } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "",
      files: [{ name: "Jane Doe wound.jpg", bytes: await phonePhoto() }],
    });
    const [row] = rowsOf(message.id);
    const logged = getDb()
      .select()
      .from(events)
      .all()
      .find((e) => e.kind === "message.created" && e.ids.includes(message.id))!;
    const alerts = alertsOfEvent({
      seq: logged.seq,
      at: logged.at,
      audience: { type: "conversation", id: channelId },
      kind: logged.kind,
      ids: JSON.parse(logged.ids),
    } as Parameters<typeof alertsOfEvent>[0]);
    expect(alerts.length).toBeGreaterThan(0);
    const text = JSON.stringify(alerts);
    for (const secret of ["Jane", "wound", row!.id, row!.storedName, "attachments", "photo"])
      expect(text).not.toContain(secret);
    expect(new Set(alerts.map((a) => a.path))).toEqual(new Set([`/messages/${channelId}`]));
  });

  it("refuses a bad file with its name and the reason, and writes nothing", async () => {
    const before = filesOnDisk().length;
    const count = getDb().select().from(messages).all().length;
    await expect(
      sendMessageWithFiles({
        actor: actorFor(w.nia.id),
        conversationId: channelId,
        clientId: clientId(),
        body: "two files",
        files: [
          { name: "good.jpg", bytes: await phonePhoto() },
          { name: "setup.jpg", bytes: executable() },
        ],
      }),
    ).rejects.toThrow(/^setup\.jpg: This file is not a photo/);
    expect(filesOnDisk().length).toBe(before);
    expect(getDb().select().from(messages).all().length).toBe(count);
  });

  it("writes nothing when the message itself is refused (an NHS number with the ward clerk in the channel)", async () => {
    const before = filesOnDisk().length;
    await expect(
      sendMessageWithFiles({
        actor: actorFor(w.nia.id),
        conversationId: channelId,
        clientId: clientId(),
        body: "For 943 476 5919",
        files: [{ name: "a.jpg", bytes: await phonePhoto() }],
      }),
    ).rejects.toThrow();
    expect(filesOnDisk().length).toBe(before);
  });

  it("keeps no second copy when a send is retried with the same client id", async () => {
    const id = clientId();
    const send = async () =>
      sendMessageWithFiles({
        actor: actorFor(w.nia.id),
        conversationId: channelId,
        clientId: id,
        body: "",
        files: [{ name: "a.jpg", bytes: await phonePhoto() }],
      });
    const first = await send();
    const after = filesOnDisk().length;
    const again = await send();
    expect(again.created).toBe(false);
    expect(again.message.id).toBe(first.message.id);
    expect(filesOnDisk().length).toBe(after);
    expect(rowsOf(first.message.id)).toHaveLength(1);
  });

  it("lets a photo go without words, but not words that are only spaces without one", () => {
    expect(() =>
      sendMessage({
        actor: actorFor(w.nia.id),
        conversationId: channelId,
        clientId: clientId(),
        body: "",
      }),
    ).toThrow("Write a message.");
  });

  it("decodes nothing for someone who may not read the conversation", async () => {
    const spy = vi.spyOn(sharp.prototype, "metadata");
    const response = await (async () => {
      try {
        await sendMessageWithFiles({
          actor: actorFor(w.outsider.id),
          conversationId: channelId,
          clientId: clientId(),
          body: "",
          files: [{ name: "a.jpg", bytes: await phonePhoto() }],
        });
      } catch (error) {
        return error;
      }
    })();
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(404);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });
});

describe("the conversation page's form (multipart, as without JavaScript)", () => {
  const post = (
    userId: string,
    fields: Record<string, string>,
    files: Parameters<typeof multipartPost>[2],
  ) =>
    conversationPage.action({
      request: multipartPost(`/messages/${channelId}`, fields, files, signInAs(userId).cookie),
      params: { conversationId: channelId },
      context,
    });

  it("sends a photo with words and redirects to the newest messages", async () => {
    const response = (await post(
      w.omar.id,
      { intent: "send", clientId: clientId(), body: "Dressing, day 3" },
      [{ name: "photo.jpg", type: "image/jpeg", bytes: await phonePhoto() }],
    )) as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe(`/messages/${channelId}#latest`);
    type Page = Awaited<ReturnType<typeof conversationPage.loader>>;
    const page = (await callLoader(conversationPage.loader, {
      path: `/messages/${channelId}`,
      params: { conversationId: channelId },
      cookie: signInAs(w.pat.id).cookie,
    })) as Page;
    const shown = page.messages.find((m) => m.body === "Dressing, day 3");
    expect(shown?.attachments).toHaveLength(1);
    expect(shown?.attachments[0]).toMatchObject({ kind: "image", width: 200, height: 300 });
    // The page's data names files by id only.
    expect(JSON.stringify(shown)).not.toMatch(/[0-9a-f]{32}\.jpg/);
  });

  it("answers 503 without reading or writing anything while every upload place is taken", async () => {
    const taken = Array.from({ length: MAX_UPLOADS_AT_ONCE }, () => takeUploadSlot()!);
    const body = "Waiting for a place";
    const response = (await post(w.omar.id, { intent: "send", clientId: clientId(), body }, [
      { name: "photo.jpg", type: "image/jpeg", bytes: await phonePhoto() },
    ])) as Response;
    expect(response.status).toBe(503);
    expect(response.headers.get("Retry-After")).toBe("5");
    expect(await response.text()).toMatch(/send yours again in a moment/);
    expect(getDb().select().from(messages).where(eq(messages.body, body)).all()).toEqual([]);
    for (const release of taken) release();
    // A place free again: the same post goes.
    const again = (await post(w.omar.id, { intent: "send", clientId: clientId(), body }, [
      { name: "photo.jpg", type: "image/jpeg", bytes: await phonePhoto() },
    ])) as Response;
    expect(again.status).toBe(302);
    // And the place it used was given back.
    const all = Array.from({ length: MAX_UPLOADS_AT_ONCE }, () => takeUploadSlot());
    expect(all.every((release) => release !== null)).toBe(true);
    for (const release of all) release?.();
  });

  it("sends an empty input (no file chosen) as a plain message", async () => {
    const body = "Just words";
    const response = (await post(w.omar.id, { intent: "send", clientId: clientId(), body }, [
      { name: "", type: "application/octet-stream", bytes: new Uint8Array() },
    ])) as Response;
    expect(response.status).toBe(302);
    const sent = getDb().select().from(messages).where(eq(messages.body, body)).get();
    expect(rowsOf(sent!.id)).toHaveLength(0);
  });

  it("refuses a file over 10 MB with 413 and the reason, keeps the words, and writes nothing", async () => {
    const before = filesOnDisk().length;
    const count = getDb().select().from(messages).all().length;
    const result = (await post(
      w.omar.id,
      { intent: "send", clientId: clientId(), body: "Big one" },
      [{ name: "huge.jpg", type: "image/jpeg", bytes: new Uint8Array(MAX_FILE_BYTES + 1) }],
    )) as unknown as {
      type: string;
      data: { errors: { field: string; message: string }[]; body: string };
      init: { status: number };
    };
    expect(result.init.status).toBe(413);
    expect(result.data.errors).toEqual([
      { field: "files", message: "Each photo or file must be 10 MB or smaller." },
    ]);
    expect(result.data.body).toBe("Big one");
    expect(filesOnDisk().length).toBe(before);
    expect(getDb().select().from(messages).all().length).toBe(count);
  });

  it("refuses a renamed executable with the reason and writes nothing", async () => {
    const before = filesOnDisk().length;
    const result = (await post(w.omar.id, { intent: "send", clientId: clientId(), body: "" }, [
      { name: "photo.jpg", type: "image/jpeg", bytes: executable("exe") },
    ])) as { errors: { field: string; message: string }[] };
    expect(result.errors).toEqual([
      {
        field: "files",
        message:
          "photo.jpg: This file is not a photo (JPEG, PNG or WebP) or a PDF, so it was not sent.",
      },
    ]);
    expect(filesOnDisk().length).toBe(before);
  });

  it("answers a body declaring more than the upload limit with 413 before reading it", async () => {
    const request = new Request(`http://localhost:3000/messages/${channelId}`, {
      method: "POST",
      headers: {
        Origin: "http://localhost:3000",
        Cookie: signInAs(w.omar.id).cookie,
        "Content-Type": "multipart/form-data; boundary=x",
        "Content-Length": String(100 * 1024 * 1024),
      },
      body: "--x--\r\n",
    });
    const response = await thrownResponse(() =>
      conversationPage.action({ request, params: { conversationId: channelId }, context }),
    );
    expect(response.status).toBe(413);
    expect(await response.text()).toMatch(/10 MB or smaller/);
  });
});

describe("a photo sent without words", () => {
  it("is quoted as a photo or file in a reply and when replying to it", async () => {
    const { message: photo } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "",
      files: [{ name: "a.jpg", bytes: await phonePhoto() }],
    });
    sendMessage({
      actor: actorFor(w.omar.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "Looks clean",
      replyToMessageId: photo.id,
    });
    type Page = Awaited<ReturnType<typeof conversationPage.loader>>;
    const page = (await callLoader(conversationPage.loader, {
      path: `/messages/${channelId}?replyTo=${photo.id}`,
      params: { conversationId: channelId },
      cookie: signInAs(w.pat.id).cookie,
    })) as Page;
    const reply = page.messages.find((m) => m.body === "Looks clean");
    expect(reply?.replyTo).toMatchObject({
      senderName: "Nia Nurse",
      deleted: false,
      body: "Photo or file",
    });
    expect(page.replyingTo).toEqual({
      id: photo.id,
      senderName: "Nia Nurse",
      body: "Photo or file",
    });
  });
});

describe("fetching a file", () => {
  let groupId: string;
  let photoId: string;
  let pdfId: string;
  beforeAll(async () => {
    groupId = createGroup({
      actor: actorFor(w.nia.id),
      name: "Wound care",
      userIds: [w.omar.id, w.pat.id],
    }).id;
    const { message } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: groupId,
      clientId: clientId(),
      body: "",
      files: [
        { name: "a.jpg", bytes: await phonePhoto() },
        { name: "b.pdf", bytes: simplePdf(["Leaflet"]) },
      ],
    });
    const rows = rowsOf(message.id);
    photoId = rows[0]!.id;
    pdfId = rows[1]!.id;
  });

  const fetchAs = (userId: string, id: string, thumbnail = false) =>
    callLoader(thumbnail ? thumbnailRoute.loader : attachmentRoute.loader, {
      path: `/attachments/${id}${thumbnail ? "/thumbnail" : ""}`,
      params: { attachmentId: id },
      cookie: signInAs(userId).cookie,
    }) as Promise<Response>;

  it("serves a member the photo inline, uncacheable, as the stored JPEG", async () => {
    const response = await fetchAs(w.omar.id, photoId);
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toBe("image/jpeg");
    expect(response.headers.get("Content-Disposition")).toBe('inline; filename="photo.jpg"');
    expect(response.headers.get("Cache-Control")).toBe("no-store");
    expect(response.headers.get("Content-Security-Policy")).toContain("sandbox");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect((await sharp(bytes).metadata()).width).toBe(200);
    const thumbnail = await fetchAs(w.omar.id, photoId, true);
    expect(thumbnail.headers.get("Content-Type")).toBe("image/jpeg");
    expect(thumbnail.headers.get("Content-Disposition")).toMatch(/^inline/);
  });

  it("serves a member the PDF inline as application/pdf, and has no thumbnail for it", async () => {
    const response = await fetchAs(w.pat.id, pdfId);
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe('inline; filename="document.pdf"');
    expect(
      Buffer.from(await response.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect((await thrownResponse(() => fetchAs(w.pat.id, pdfId, true))).status).toBe(404);
  });

  it("answers 404 to a former member, another team, another organisation and an unknown id", async () => {
    leaveGroup({ actor: actorFor(w.pat.id), conversationId: groupId });
    for (const userId of [
      w.pat.id,
      w.trust.staff12.id,
      w.trust.manager12.id,
      w.outsider.id,
      w.cal.id,
    ]) {
      expect((await thrownResponse(() => fetchAs(userId, photoId))).status).toBe(404);
      expect((await thrownResponse(() => fetchAs(userId, photoId, true))).status).toBe(404);
    }
    expect((await thrownResponse(() => fetchAs(w.omar.id, "aaaaaaaaaaaaaaaa"))).status).toBe(404);
    expect((await thrownResponse(() => fetchAs(w.omar.id, "../../etc/passwd"))).status).toBe(404);
  });

  it("answers 404 to another team's people for a team channel's file", async () => {
    const { message } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "",
      files: [{ name: "a.jpg", bytes: await phonePhoto() }],
    });
    const [row] = rowsOf(message.id);
    expect((await fetchAs(w.cal.id, row!.id)).status).toBe(200);
    expect((await thrownResponse(() => fetchAs(w.trust.staff12.id, row!.id))).status).toBe(404);
  });

  it("sends a signed-out request to sign in", async () => {
    const response = await thrownResponse(() =>
      attachmentRoute.loader({
        request: new Request(`http://localhost:3000/attachments/${photoId}`),
        params: { attachmentId: photoId },
        context,
      }),
    );
    expect(response.status).toBe(302);
  });
});

describe("removing a message's files", () => {
  it("deletes the rows inside the caller's transaction and the files only after it commits", async () => {
    const { message } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "to remove",
      files: [
        { name: "a.jpg", bytes: await phonePhoto() },
        { name: "b.pdf", bytes: simplePdf(["x"]) },
      ],
    });
    const rows = rowsOf(message.id);
    const files = rows.flatMap((r) =>
      [r.storedName, r.thumbnailName].filter((x): x is string => !!x),
    );
    expect(files).toHaveLength(3);

    // A transaction that rolls back keeps both rows and files.
    expect(() =>
      writeTransaction(() => {
        removeMessageAttachments([message.id]).deleteFiles;
        throw new Error("rolled back");
      }),
    ).toThrow("rolled back");
    expect(rowsOf(message.id)).toHaveLength(2);

    const { deleteFiles } = writeTransaction(() => {
      const removal = removeMessageAttachments([message.id]);
      expect(rowsOf(message.id)).toHaveLength(0);
      for (const name of files) expect(fs.existsSync(storedPath(name))).toBe(true);
      return removal;
    });
    deleteFiles();
    for (const name of files) expect(fs.existsSync(storedPath(name))).toBe(false);
    expect(attachmentsByMessage([message.id]).get(message.id)).toBeUndefined();
    // The message row stays (delete and retention blank it; they never remove it).
    expect(getDb().select().from(messages).where(eq(messages.id, message.id)).get()).toBeDefined();
  });

  it("the sweep deletes files no row names, and keeps every file a row names", async () => {
    const { message } = await sendMessageWithFiles({
      actor: actorFor(w.nia.id),
      conversationId: channelId,
      clientId: clientId(),
      body: "kept",
      files: [{ name: "a.jpg", bytes: await phonePhoto() }],
    });
    const [row] = rowsOf(message.id);
    const orphan = storedPath("0123456789abcdef0123456789abcdef.jpg");
    fs.mkdirSync(path.dirname(orphan), { recursive: true });
    fs.writeFileSync(orphan, "left by a crash");
    // Too young: an upload may be between its file and its row.
    expect(sweepOrphanAttachmentFiles()).toBe(0);
    expect(fs.existsSync(orphan)).toBe(true);
    expect(sweepOrphanAttachmentFiles({ minAgeMs: 0 })).toBe(1);
    expect(fs.existsSync(orphan)).toBe(false);
    expect(fs.existsSync(storedPath(row!.storedName))).toBe(true);
    expect(fs.existsSync(storedPath(row!.thumbnailName!))).toBe(true);
  });
});

afterEach(() => vi.restoreAllMocks());
