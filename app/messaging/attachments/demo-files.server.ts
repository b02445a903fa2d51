// The demo trust's photo and PDF (`npm run demo`): a fictional wound-dressing photo drawn with
// sharp at seed time (a dressing on plain skin tone beside a paper ruler: no person, no face, no
// name) in last night's thread, and a one-page leaflet PDF in Ward 7's team channel. They go
// through the same checks, re-encoding and storage as any upload.
import { and, asc, desc, eq } from "drizzle-orm";
import sharp from "sharp";
import { getDb } from "~/db/connection.server";
import { conversations, messages, teams, users } from "~/db/schema.server";
import { loadActor } from "~/models/accounts/sessions.server";
import { demoEmail } from "~/models/demo/demo-trust.server";
import { sendMessageWithFiles } from "./send-with-files.server";

const WARD_7 = "Ward 7 Acute Medical Unit";

/** A JPEG of a fictional dressing on skin tone with a centimetre ruler: nothing identifiable. */
export async function demoWoundPhoto(): Promise<Buffer> {
  const ticks = Array.from({ length: 21 }, (_, i) => {
    const x = 160 + i * 40;
    const long = i % 5 === 0;
    return `<line x1="${x}" y1="760" x2="${x}" y2="${long ? 810 : 790}" stroke="#333" stroke-width="3"/>`;
  }).join("");
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="900">
    <defs>
      <radialGradient id="skin" cx="50%" cy="40%" r="70%">
        <stop offset="0%" stop-color="#e2b196"/><stop offset="100%" stop-color="#b98068"/>
      </radialGradient>
      <linearGradient id="pad" x1="0" y1="0" x2="1" y2="1">
        <stop offset="0%" stop-color="#fbfaf6"/><stop offset="100%" stop-color="#e6e2d8"/>
      </linearGradient>
    </defs>
    <rect width="1200" height="900" fill="url(#skin)"/>
    <rect x="360" y="200" width="480" height="380" rx="40" fill="#f4f1ea" stroke="#d8d2c4" stroke-width="6"/>
    <rect x="450" y="280" width="300" height="220" rx="20" fill="url(#pad)"/>
    <ellipse cx="600" cy="390" rx="70" ry="50" fill="#e9d7c9" opacity="0.6"/>
    <rect x="140" y="740" width="880" height="90" fill="#fffdf2" stroke="#999" stroke-width="2"/>
    ${ticks}
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 88 }).toBuffer();
}

/**
 * A one-page PDF with these lines of text (Helvetica), built by hand with a correct
 * cross-reference table (ISO 32000-1, 7.5): for the demo leaflet and for tests.
 */
export function simplePdf(lines: string[]): Buffer {
  const literal = (text: string) => text.replace(/[\\()]/g, (c) => `\\${c}`);
  const content = [
    "BT /F1 16 Tf 56 780 Td 22 TL",
    ...lines.map((line) => `(${literal(line)}) Tj T*`),
    "ET",
  ].join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
  ];
  let body = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

/** The demo leaflet: ward guidance, no patient. */
export function demoLeafletPdf(): Buffer {
  return simplePdf([
    "Ward 7 Acute Medical Unit",
    "Pressure ulcer prevention: SSKIN",
    "",
    "Surface: check the mattress and cushion suit the person.",
    "Skin inspection: at every position change, and record it.",
    "Keep moving: reposition at least every 2 to 4 hours.",
    "Incontinence: keep skin clean and dry.",
    "Nutrition: screen with MUST on admission and weekly.",
    "",
    "Refer to tissue viability for category 2 and above.",
    "Fictional leaflet for the Baton demo.",
  ]);
}

/**
 * Adds the demo's photo (to the newest Ward 7 shift thread with messages, from its first writer,
 * just after its last message) and leaflet (to Ward 7's team channel, from its manager).
 * Does nothing without the demo's Ward 7.
 */
export async function seedDemoAttachments({ now = new Date() }: { now?: Date } = {}) {
  const db = getDb();
  const ward = db.select().from(teams).where(eq(teams.name, WARD_7)).get();
  const grace = db
    .select()
    .from(users)
    .where(eq(users.email, demoEmail("Grace Okafor")))
    .get();
  if (!ward || !grace) return;
  const thread = db
    .select()
    .from(conversations)
    .where(and(eq(conversations.teamId, ward.id), eq(conversations.kind, "shift")))
    .orderBy(desc(conversations.lastMessageAt))
    .get();
  const first = thread
    ? db
        .select()
        .from(messages)
        .where(eq(messages.conversationId, thread.id))
        .orderBy(asc(messages.createdAt))
        .get()
    : undefined;
  const writer = first
    ? db.select().from(users).where(eq(users.id, first.senderUserId)).get()
    : undefined;
  if (thread && first && writer) {
    await sendMessageWithFiles({
      actor: loadActor(writer),
      conversationId: thread.id,
      clientId: "demo-photo",
      body: "Sacral dressing changed as planned. Photo for tissue viability in the morning.",
      files: [{ name: "dressing.jpg", bytes: await demoWoundPhoto() }],
      // After the thread's last message (the night's messages end 7 hours 20 after the first).
      now: new Date(first.createdAt.getTime() + 7 * 60 * 60_000 + 25 * 60_000),
    });
  }
  const channel = db
    .select()
    .from(conversations)
    .where(and(eq(conversations.teamId, ward.id), eq(conversations.kind, "team")))
    .get();
  if (channel) {
    await sendMessageWithFiles({
      actor: loadActor(grace),
      conversationId: channel.id,
      clientId: "demo-leaflet",
      body: "The SSKIN leaflet for the new starters, as discussed.",
      files: [{ name: "sskin.pdf", bytes: demoLeafletPdf() }],
      now: new Date(now.getTime() - 60 * 60_000),
    });
  }
}
