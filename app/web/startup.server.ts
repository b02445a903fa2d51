// Start-up work the Express server runs once, through the server build: open and migrate the
// database, and for `npm run demo` create the demo trust in an empty database.
import { databasePath, getDb } from "../db/connection.server";
import { sweepOrphanAttachmentFiles } from "../messaging/attachments/attachments.server";
import { seedDemoAttachments } from "../messaging/attachments/demo-files.server";
import { seedDemoConversations } from "../messaging/demo-conversations.server";
import { startPushDispatcher } from "../messaging/push/push-dispatcher.server";
import { prunePushHistory } from "../messaging/push/push-history.server";
import { vapidSetting } from "../messaging/push/vapid.server";
import { purgeExpiredMessages } from "../messaging/retention.server";
import { needsFirstRunSetup } from "../models/accounts/organisations.server";
import { purgeExpiredSessions } from "../models/accounts/sessions.server";
import {
  createDemoTrust,
  DEMO_PASSWORD,
  type DemoSignIns,
  demoSignIns,
} from "../models/demo/demo-trust.server";
import { flagOverdueHandovers } from "../models/handover/handovers.server";
import { expireSwapRequests } from "../models/swaps/swap-requests.server";

export async function prepareServer({
  demo,
  origin,
}: {
  demo: boolean;
  origin: string;
}): Promise<void> {
  getDb();
  console.log(`Database: ${databasePath()} (migrated)`);
  purgeExpiredSessions();
  // Attachment files with no row (a crash between writing a file and committing its message, or
  // between removing a message's rows and its files) are deleted at start-up and every 6 hours.
  every(6 * 60 * 60_000, "sweeping orphaned attachment files", () => sweepOrphanAttachmentFiles(), {
    atOnce: true,
  });
  startPush();
  every(60 * 60_000, "purging expired sessions", () => purgeExpiredSessions());
  // Swap requests close at their cut-off whether or not anyone opens Swaps: the people in them
  // are told within a minute, not when someone next reads.
  every(60_000, "expiring swap requests", () => expireSwapRequests());
  // Message retention (docs/decisions/027): once at start-up, then hourly. Each run purges in
  // short batches and yields between them, so serving requests goes on while it runs.
  every(60 * 60_000, "purging messages past retention", () => purgeExpiredMessages(), {
    atOnce: true,
  });
  // Handovers not accepted 30 minutes after the incoming shift began are flagged to managers.
  every(60_000, "flagging overdue handovers", () => flagOverdueHandovers(), { atOnce: true });
  // The push outbox keeps its record of deliveries and attempts for 30 days.
  every(60 * 60_000, "pruning push history", () => prunePushHistory(), { atOnce: true });
  if (!needsFirstRunSetup()) {
    if (demo) printSignIns(origin, demoSignIns());
    return;
  }
  if (!demo) {
    console.log(
      `No organisation yet: open ${origin}/setup to create it and its first administrator.`,
    );
    return;
  }
  const signIns = await createDemoTrust();
  seedDemoConversations();
  await seedDemoAttachments();
  console.log("Demo trust created.");
  printSignIns(origin, signIns);
}

/**
 * Runs `job` every `ms` milliseconds for the life of the process without keeping it alive. A job
 * that throws, or returns a promise that rejects, is logged (its message only) and runs again
 * next time, rather than ending the server as an uncaught exception in a timer would.
 */
function every(
  ms: number,
  what: string,
  job: () => unknown,
  { atOnce = false }: { atOnce?: boolean } = {},
): void {
  const failed = (error: unknown) =>
    console.error(`Failed ${what}: ${error instanceof Error ? error.message : String(error)}`);
  const run = () => {
    try {
      const result = job();
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  };
  if (atOnce) run();
  setInterval(run, ms).unref();
}

/** Starts delivering push alerts when VAPID is set up, or says why they are off. */
function startPush(): void {
  const vapid = vapidSetting();
  if (!vapid.ok) {
    console.log(vapid.why);
    return;
  }
  startPushDispatcher({ vapid: vapid.details });
  console.log(`Push alerts: on (VAPID subject ${vapid.details.subject}).`);
}

function printSignIns(origin: string, signIns: DemoSignIns) {
  if (signIns.length === 0) {
    console.log("This database holds no demo accounts: sign in with its own accounts.");
    return;
  }
  const lines = [
    "",
    `Sign in at ${origin}/login as any of:`,
    ...signIns.map(({ role, email }) => `  ${role.padEnd(40)} ${email}`),
    `  ${"Password for every demo account".padEnd(40)} ${DEMO_PASSWORD}`,
    "",
  ];
  console.log(lines.join("\n"));
}
