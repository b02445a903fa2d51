// The retention benchmark (issue 14): 1,000,000 messages past their window in one trust (shift
// threads of three shift types over 200 days, the team channel and 200 direct conversations, a
// tenth of the messages with a mention), purged by the real job: the whole run, messages a
// second, and the longest batch's time inside its write transaction (the write lock), which is
// what other writers wait behind. A second run shows the cost of the hourly run once everything
// is purged. Seeding uses prepared inserts in large transactions and is not part of the figures.
import { getDb } from "~/db/connection.server";
import { purgeExpiredMessages } from "~/messaging/retention.server";
import { newId, newTimeOrderedId } from "~/models/ids.server";
import { addDays } from "~/models/local-time";
import { UNUSABLE_PASSWORD_HASH } from "./large-trust";
import { figure, summarise } from "./report";

// BATON_BENCH_RETENTION_MESSAGES runs a smaller trust while working on the purge.
const MESSAGES = Number(process.env.BATON_BENCH_RETENTION_MESSAGES ?? 1_000_000);
const PEOPLE = 100;
const DAYS = 200;
const DIRECT_CONVERSATIONS = 200;
const DAY_MS = 86_400_000;

export async function benchRetention(): Promise<void> {
  const db = getDb();
  const client = db.$client;
  // 200 days from 14 Feb run to 1 Sep: at `now` every message is past both default windows (90
  // days after sending; 30 after its shift ends).
  const now = new Date("2026-12-01T12:00:00Z");
  const firstDay = "2026-02-14";
  const seedStarted = performance.now();
  const organisationId = newId();
  const teamId = newId();
  const people = Array.from({ length: PEOPLE }, () => newId());
  client.transaction(() => {
    client
      .prepare("INSERT INTO organisations (id, name) VALUES (?, ?)")
      .run(organisationId, "Retention Bench Trust");
    client
      .prepare("INSERT INTO teams (id, organisation_id, name, time_zone) VALUES (?, ?, ?, ?)")
      .run(teamId, organisationId, "Ward 1", "Europe/London");
    const user = client.prepare(
      "INSERT INTO users (id, organisation_id, email, name, password_hash) VALUES (?, ?, ?, ?, ?)",
    );
    people.forEach((id, n) => {
      user.run(
        id,
        organisationId,
        `retention${n}@bench.example`,
        `Person ${n}`,
        UNUSABLE_PASSWORD_HASH,
      );
    });
  })();
  const shiftType = client.prepare(
    "INSERT INTO shift_types (id, team_id, code, name, start_local, end_local, colour) VALUES (?, ?, ?, ?, ?, ?, 'blue')",
  );
  const types = [
    ["E", "07:30", "15:30"],
    ["L", "13:30", "21:30"],
    ["N", "19:30", "08:00"],
  ].map(([code, start, end]) => {
    const id = newId();
    shiftType.run(id, teamId, code, code, start, end);
    return id;
  });
  const conversation = client.prepare(
    "INSERT INTO conversations (id, organisation_id, kind, team_id, shift_type_id, date, direct_key) VALUES (?, ?, ?, ?, ?, ?, ?)",
  );
  // The shift threads of each day (one per shift type), then the team channel and the direct
  // conversations, for choosing where each message goes.
  const threadsByDay: string[][] = [];
  const others: string[] = [];
  client.transaction(() => {
    for (let d = 0; d < DAYS; d++) {
      const date = addDays(firstDay, d);
      threadsByDay.push(
        types.map((type) => {
          const id = newId();
          conversation.run(id, organisationId, "shift", teamId, type, date, null);
          return id;
        }),
      );
    }
    const channel = newId();
    conversation.run(channel, organisationId, "team", teamId, null, null, null);
    others.push(channel);
    for (let i = 0; i < DIRECT_CONVERSATIONS; i++) {
      const id = newId();
      const pair = [people[i % PEOPLE]!, people[(i * 7 + 1) % PEOPLE]!].sort();
      conversation.run(id, organisationId, "direct", null, null, null, `${pair.join(":")}:${i}`);
      others.push(id);
    }
  })();
  const message = client.prepare(
    "INSERT INTO messages (id, conversation_id, sender_user_id, client_id, body, urgent, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
  );
  const mention = client.prepare(
    "INSERT INTO message_mentions (message_id, user_id) VALUES (?, ?)",
  );
  // Messages are written in time order, as a ward writes them, evenly over the 200 days: three in
  // four go to that day's shift threads, the rest to the channel and the direct conversations.
  const start = Date.parse(`${firstDay}T00:00:00Z`);
  const step = (DAYS * DAY_MS) / MESSAGES;
  const CHUNK = 50_000;
  for (let first = 0; first < MESSAGES; first += CHUNK) {
    client.transaction(() => {
      for (let i = first; i < Math.min(MESSAGES, first + CHUNK); i++) {
        const at = Math.floor(start + i * step);
        const day = Math.min(DAYS - 1, Math.floor((at - start) / DAY_MS));
        const conversationId =
          i % 4 === 3 ? others[(i >> 2) % others.length]! : threadsByDay[day]![i % 4]!;
        const id = newTimeOrderedId(at);
        const sender = people[i % PEOPLE]!;
        message.run(
          id,
          conversationId,
          sender,
          `c${i}`,
          `Message ${i}: obs due for bed ${i % 30}`,
          at,
        );
        if (i % 10 === 0) mention.run(id, people[(i + 1) % PEOPLE]!);
      }
    })();
  }
  const seededIn = performance.now() - seedStarted;
  figure(
    "seeded (not measured below)",
    `${MESSAGES.toLocaleString("en-GB")} messages in ${(seededIn / 1000).toFixed(1)} s`,
  );

  const first = await purgeExpiredMessages({ now, ranBy: "benchmark" });
  figure(
    "purged",
    `${first.purged.toLocaleString("en-GB")} messages in ${first.conversations} conversations`,
  );
  figure("whole run", `${(first.totalMs / 1000).toFixed(2)} s`);
  figure(
    "messages a second",
    Math.round(first.purged / (first.totalMs / 1000)).toLocaleString("en-GB"),
  );
  figure("batches (200 messages each at most)", String(first.batches));
  summarise("a batch holding the write lock", first.batchMs);
  figure(
    "all batches holding the write lock",
    `${(first.batchMs.reduce((a, b) => a + b, 0) / 1000).toFixed(2)} s of the run`,
  );
  figure("longest batch in its write transaction", `${first.longestBatchMs.toFixed(1)} ms`, {
    text: "under 100 ms",
    met: first.longestBatchMs < 100,
  });
  const left = client
    .prepare("SELECT count(*) AS n FROM messages WHERE purged_at IS NULL OR body <> ''")
    .get() as { n: number };
  figure("messages left with text", String(left.n), { text: "0", met: left.n === 0 });
  const again = await purgeExpiredMessages({
    now: new Date(now.getTime() + DAY_MS),
    ranBy: "benchmark",
  });
  figure(
    "a second run (nothing left to purge)",
    `${again.totalMs.toFixed(1)} ms, ${again.purged} purged`,
  );
}
