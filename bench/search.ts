// The message search benchmark (issue 14): 100,000 messages in one ward's conversations (its
// channel, a shift thread for every early and night of 24 published weeks, and groups), written
// straight into `messages` so that the FTS5 triggers index each one as a send would. Then search,
// as the ward's manager (who reads every thread) and as a staff nurse (her own shifts' threads):
// a common word, a rare one, a prefix, two words, and the next page. The figures include working
// out which conversations the person may read now, which search does on every call.
import { sql } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import {
  conversationMembers,
  conversations,
  memberships,
  organisations,
  teams,
  users,
} from "~/db/schema.server";
import { readableConversations } from "~/messaging/conversation-list.server";
import { searchMessages } from "~/messaging/search.server";
import { newId, newTimeOrderedId } from "~/models/ids.server";
import { addDays } from "~/models/local-time";
import { createRotaPeriod, publishRotaPeriod } from "~/models/rota/rota-periods.server";
import { addShift } from "~/models/rota/shifts.server";
import { addShiftType } from "../tests/support/ward";
import { actorOf, UNUSABLE_PASSWORD_HASH } from "./large-trust";
import { figure, summarise } from "./report";

const MESSAGES = 100_000;
const PEOPLE = 40;
const WEEKS = 24;
const START = "2026-06-01";

/** Words of ward messages; "bloods" and "obs" common, "lactate" rarer, "tracheostomy" rare. */
const COMMON = ["bloods", "obs", "bay", "bed", "review", "handover", "cover", "please", "done"];
const FILLER = [
  "the",
  "in",
  "for",
  "at",
  "and",
  "patient",
  "side",
  "room",
  "drugs",
  "round",
  "porter",
  "keys",
  "office",
  "fluids",
  "chart",
  "physio",
  "discharge",
  "doctor",
  "family",
  "call",
];

function seededRandom(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const started = performance.now();
  const result = run();
  return { result, ms: performance.now() - started };
}

export function benchSearch(): void {
  const db = getDb();
  const next = seededRandom(14);
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)] as T;

  const organisationId = newId();
  const teamId = newId();
  const people = Array.from({ length: PEOPLE }, (_, n) => ({ id: newId(), n }));
  db.insert(organisations).values({ id: organisationId, name: "Search Bench Trust" }).run();
  db.insert(teams).values({ id: teamId, organisationId, name: "Ward 1" }).run();
  db.insert(users)
    .values(
      people.map((p) => ({
        id: p.id,
        organisationId,
        email: `search${p.n}@bench-trust.example`,
        name: `Person ${p.n}`,
        passwordHash: UNUSABLE_PASSWORD_HASH,
      })),
    )
    .run();
  db.insert(memberships)
    .values(
      people.map((p) => ({
        id: newId(),
        teamId,
        userId: p.id,
        role: p.n === 0 ? ("manager" as const) : ("staff" as const),
        grade: "Band 5 RN",
        skills: [],
        clinical: true,
      })),
    )
    .run();
  const manager = actorOf(people[0]!.id);
  const nurse = actorOf(people[1]!.id);
  const E = addShiftType(teamId, "E", "07:30", "15:30");
  const N = addShiftType(teamId, "N", "20:00", "08:00");

  // The rota: four people on each early and night, the nurse on every fourth day's early.
  const { ms: rotaMs } = timed(() => {
    for (let period = 0; period < WEEKS / 4; period++) {
      const startDate = addDays(START, period * 28);
      const { periodId } = createRotaPeriod({
        actor: manager,
        teamId,
        startDate,
        endDate: addDays(startDate, 27),
      });
      for (let day = 0; day < 28; day++) {
        const date = addDays(startDate, day);
        for (const [t, shiftTypeId] of [E, N].entries()) {
          for (let k = 0; k < 4; k++) {
            const person = people[1 + ((day * 8 + t * 4 + k + period) % (PEOPLE - 1))]!;
            addShift({ actor: manager, teamId, periodId, userId: person.id, shiftTypeId, date });
          }
        }
      }
      publishRotaPeriod({ actor: manager, teamId, periodId });
    }
  });
  figure(`rota: ${WEEKS} weeks published`, `${(rotaMs / 1000).toFixed(1)} s`);

  // Conversations: the channel, every occurrence's thread, and 20 groups of five.
  const conversationIds: string[] = [];
  const newConversation = (values: Partial<typeof conversations.$inferInsert>) => {
    const id = newId();
    db.insert(conversations)
      .values({ id, organisationId, kind: "team", ...values })
      .run();
    conversationIds.push(id);
    return id;
  };
  newConversation({ kind: "team", teamId });
  for (let day = 0; day < WEEKS * 7; day++) {
    for (const shiftTypeId of [E, N])
      newConversation({ kind: "shift", teamId, shiftTypeId, date: addDays(START, day) });
  }
  for (let g = 0; g < 20; g++) {
    const id = newConversation({
      kind: "group",
      name: `Group ${g}`,
      createdByUserId: people[0]!.id,
    });
    for (let k = 0; k < 5; k++) {
      db.insert(conversationMembers)
        .values({
          conversationId: id,
          userId: people[(g * 5 + k) % PEOPLE]!.id,
          addedByUserId: people[0]!.id,
          addedAt: new Date(),
        })
        .onConflictDoNothing()
        .run();
    }
  }

  // 100,000 messages over the 24 weeks, through the triggers that index them.
  const begin = Date.parse(`${START}T00:00:00Z`);
  const span = WEEKS * 7 * 86_400_000;
  const insert = db.$client.prepare(
    "INSERT INTO messages (id, conversation_id, sender_user_id, client_id, body, urgent, created_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
  );
  const { ms: insertMs } = timed(() => {
    db.$client.transaction(() => {
      for (let i = 0; i < MESSAGES; i++) {
        const at = begin + Math.floor((i / MESSAGES) * span);
        const words = Array.from({ length: 6 + Math.floor(next() * 14) }, () =>
          next() < 0.15 ? pick(COMMON) : pick(FILLER),
        );
        if (i % 40 === 0) words.push("lactate");
        if (i % 5000 === 0) words.push("tracheostomy");
        insert.run(
          newTimeOrderedId(at),
          pick(conversationIds),
          pick(people).id,
          `bench-${i}`,
          words.join(" "),
          at,
        );
      }
    })();
  });
  figure(
    `insert ${MESSAGES.toLocaleString("en-GB")} messages, indexed`,
    `${(insertMs / 1000).toFixed(1)} s   ${Math.round(MESSAGES / (insertMs / 1000)).toLocaleString("en-GB")} a second`,
  );
  const pages = (name: string) =>
    (
      db.$client.prepare(`SELECT count(*) AS n FROM dbstat WHERE name LIKE ?`).get(name) as {
        n: number;
      }
    ).n;
  let indexPages = 0;
  try {
    indexPages = pages("messages_fts%") + pages("message_search_rows%");
  } catch {
    // dbstat is an optional SQLite module; the size is then not printed.
  }
  if (indexPages) {
    const pageSize = db.$client.pragma("page_size", { simple: true }) as number;
    figure("search index on disk", `${((indexPages * pageSize) / 1e6).toFixed(1)} MB`);
  }
  const indexed = db.get<{ n: number }>(sql`SELECT count(*) AS n FROM message_search_rows`).n;
  figure("messages in the index", indexed.toLocaleString("en-GB"));

  for (const [who, actor] of [
    ["manager", manager],
    ["staff nurse", nurse],
  ] as const) {
    const readable = readableConversations(actor).length;
    const access: number[] = [];
    for (let i = 0; i < 20; i++) access.push(timed(() => readableConversations(actor)).ms);
    summarise(`${who}: which conversations (${readable})`, access);
    for (const query of ["bloods", "lactate", "tracheostomy", "ob", "bloods review"]) {
      const samples: number[] = [];
      let found = 0;
      for (let i = 0; i < 20; i++) {
        const { result, ms } = timed(() => searchMessages({ actor, query }));
        samples.push(ms);
        found = result.results.length;
      }
      summarise(`${who}: "${query}" (${found} shown)`, samples, {
        target: (p50) => ({ text: "median < 100 ms", met: p50 < 100 }),
      });
    }
    const first = searchMessages({ actor, query: "bloods" });
    if (first.older) {
      const older = first.older;
      const samples: number[] = [];
      for (let i = 0; i < 20; i++)
        samples.push(timed(() => searchMessages({ actor, query: "bloods", before: older })).ms);
      summarise(`${who}: "bloods", next page`, samples);
    }
  }
}
