// VAPID (RFC 8292): the key pair that signs every push request, so push services accept pushes
// to our subscriptions only from this server, and the "subject" a push service may contact.
// Keys come from BATON_VAPID_PUBLIC_KEY and BATON_VAPID_PRIVATE_KEY, or are made on first start
// and kept in the data directory (vapid.json, readable by the server's user only): a new pair
// would silently orphan every browser's subscription, so they are kept, never remade.
import fs from "node:fs";
import path from "node:path";
import webpush from "web-push";
import { dataDirectory } from "~/db/connection.server";

export type VapidDetails = { subject: string; publicKey: string; privateKey: string };

export type VapidSetting = { ok: true; details: VapidDetails } | { ok: false; why: string };

// Apple's push service refuses a subject at these (DESIGN.md, known traps); web-push does not.
const REFUSED_HOSTS = /(^localhost$|\.localhost$|\.local$|\.invalid$|^\d{1,3}(\.\d{1,3}){3}$|^\[)/i;

/**
 * Whether `subject` is a VAPID subject every push service accepts: `mailto:` an address at a real
 * domain, or an `https:` URL of a real host (RFC 8292 section 2.1; Apple refuses localhost,
 * `.local` and `.invalid`). Returns the reason it is not, or null.
 */
export function vapidSubjectProblem(subject: string): string | null {
  let host: string;
  if (subject.startsWith("mailto:")) {
    const at = subject.lastIndexOf("@");
    host = at > "mailto:".length ? subject.slice(at + 1) : "";
    if (!host)
      return "A mailto: VAPID subject needs an address, e.g. mailto:rota-office@trust.nhs.uk";
  } else if (subject.startsWith("https://")) {
    try {
      host = new URL(subject).hostname;
    } catch {
      return "The VAPID subject is not a valid https: address.";
    }
  } else {
    return "The VAPID subject must be a mailto: or https: address.";
  }
  if (!host.includes(".") || REFUSED_HOSTS.test(host))
    return `Push services refuse a VAPID subject at ${host}: use the trust's real domain.`;
  return null;
}

/**
 * The subject from BATON_VAPID_SUBJECT, else BATON_ORIGIN when it is an https address. Null
 * when neither gives one: push stays off and Settings says why.
 */
function configuredSubject(): string | null {
  const subject = process.env.BATON_VAPID_SUBJECT?.trim();
  if (subject) return subject;
  const origin = process.env.BATON_ORIGIN?.trim();
  return origin?.startsWith("https://") ? origin : null;
}

function keysFromEnvironment(): { publicKey: string; privateKey: string } | null {
  const publicKey = process.env.BATON_VAPID_PUBLIC_KEY?.trim();
  const privateKey = process.env.BATON_VAPID_PRIVATE_KEY?.trim();
  return publicKey && privateKey ? { publicKey, privateKey } : null;
}

/** The data directory's key pair, made (and written with mode 0600) on first use. */
function keysFromDataDirectory(): { publicKey: string; privateKey: string } {
  const file = path.join(dataDirectory(), "vapid.json");
  if (fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, "utf8")) as {
      publicKey?: string;
      privateKey?: string;
    };
    if (saved.publicKey && saved.privateKey)
      return { publicKey: saved.publicKey, privateKey: saved.privateKey };
    throw new Error(`${file} has no publicKey and privateKey: restore it from a backup`);
  }
  const keys = webpush.generateVAPIDKeys();
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // "wx": if another process made it first, keep theirs rather than overwrite it.
  try {
    fs.writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return keysFromDataDirectory();
    throw error;
  }
  return keys;
}

let cached: VapidSetting | undefined;

/**
 * The server's VAPID details, read once per process, or why push is off (no usable subject).
 * The keys are made on first call when neither the environment nor the data directory has them.
 *
 * @throws Error when vapid.json exists but is unreadable (a half-restored backup).
 */
export function vapidSetting(): VapidSetting {
  if (cached) return cached;
  const subject = configuredSubject();
  if (!subject) {
    cached = {
      ok: false,
      why: "Push alerts are not set up on this server: its administrator sets BATON_VAPID_SUBJECT (a mailto: or https: address).",
    };
    return cached;
  }
  const problem = vapidSubjectProblem(subject);
  if (problem) {
    cached = { ok: false, why: `Push alerts are off: ${problem}` };
    return cached;
  }
  const keys = keysFromEnvironment() ?? keysFromDataDirectory();
  cached = { ok: true, details: { subject, ...keys } };
  return cached;
}

/** Forgets the cached setting: for tests that change the environment. */
export function forgetVapidSetting(): void {
  cached = undefined;
}

/** The public key browsers subscribe with, or null when push is off on this server. */
export function pushPublicKey(): string | null {
  const setting = vapidSetting();
  return setting.ok ? setting.details.publicKey : null;
}
