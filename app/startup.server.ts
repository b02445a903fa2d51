// Start-up work the Express server runs once, through the server build: open and migrate the
// database, and for `npm run demo` create the demo trust in an empty database.
import { databasePath, getDb } from "./db/connection.server";
import { createDemoTrust, DEMO_PASSWORD } from "./models/demo-trust.server";
import { needsFirstRunSetup } from "./models/organisations.server";

export async function prepareServer({
  demo,
  origin,
}: {
  demo: boolean;
  origin: string;
}): Promise<void> {
  getDb();
  console.log(`Database: ${databasePath()} (migrated)`);
  if (!needsFirstRunSetup()) {
    if (demo) console.log("The database already holds an organisation: sign in with its accounts.");
    return;
  }
  if (!demo) {
    console.log(
      `No organisation yet: open ${origin}/setup to create it and its first administrator.`,
    );
    return;
  }
  const signIns = await createDemoTrust();
  const lines = [
    "",
    `Demo trust created. Sign in at ${origin}/login as any of:`,
    ...signIns.map(({ role, email }) => `  ${role.padEnd(40)} ${email}`),
    `  Password for every demo account:         ${DEMO_PASSWORD}`,
    "",
  ];
  console.log(lines.join("\n"));
}
