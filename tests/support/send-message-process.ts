// A second process that sends a message, for the test of two sends with the same client id at
// the same moment (a phone retrying while the first request is still being handled elsewhere).
// Usage: node --import tsx tests/support/send-message-process.ts '{"userId":…,"conversationId":…,
// "clientId":…,"body":…}' with BATON_DATABASE_PATH set. It opens the database, prints "ready",
// waits for a line on stdin, sends, and prints {"id":…,"created":…}.
import { getDb } from "~/db/connection.server";
import { sendMessage } from "~/messaging/messages.server";
import { loadActor } from "~/models/accounts/sessions.server";

const { userId, conversationId, clientId, body } = JSON.parse(process.argv[2] ?? "{}");
const user = getDb()
  .query.users.findFirst({ where: (u, { eq }) => eq(u.id, userId) })
  .sync();
if (!user) throw new Error(`no user ${userId}`);
const actor = loadActor(user);
process.stdout.write("ready\n");
process.stdin.once("data", () => {
  const { message, created } = sendMessage({ actor, conversationId, clientId, body });
  process.stdout.write(`${JSON.stringify({ id: message.id, created })}\n`);
  process.exit(0);
});
