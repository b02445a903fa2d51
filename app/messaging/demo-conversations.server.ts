// Conversations for the demo trust (`npm run demo`), written through the messaging functions as
// people would write them: Ward 7's team channel, last night's thread with an urgent call that
// everyone on shift acknowledged, and a direct message between the manager and a staff nurse.
// Search finds "bloods" and "obs" in them, and the ward meeting is pinned in the channel.
// Fictional people; no patient is named or described (NHS messaging guidance, DOMAIN.md). It
// lives in messaging, not beside the demo trust in models, because models import nothing from
// messaging (decision 011); start-up runs it right after createDemoTrust.
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { shiftTypes, teams, users } from "~/db/schema.server";
import { loadActor } from "~/models/accounts/sessions.server";
import { demoEmail } from "~/models/demo/demo-trust.server";
import { addDays, localDateKey } from "~/models/local-time";
import { workersOf } from "~/models/rota/shift-occurrences.server";
import { openDirectConversation, openShiftThread, openTeamChannel } from "./conversations.server";
import { pinMessage } from "./message-changes.server";
import { sendMessage } from "./messages.server";
import { acknowledgeUrgent } from "./urgent.server";

const MINUTE = 60_000;
const WARD_7 = "Ward 7 Acute Medical Unit";

/** The demo's Ward 7 conversations; does nothing when the database holds no demo Ward 7. */
export function seedDemoConversations({ now = new Date() }: { now?: Date } = {}): void {
  const db = getDb();
  const ward = db.select().from(teams).where(eq(teams.name, WARD_7)).get();
  const grace = db
    .select()
    .from(users)
    .where(eq(users.email, demoEmail("Grace Okafor")))
    .get();
  const amelia = db
    .select()
    .from(users)
    .where(eq(users.email, demoEmail("Amelia Hughes")))
    .get();
  if (!ward || !grace || !amelia) return;
  const person = (name: string) => {
    const row = db
      .select()
      .from(users)
      .where(eq(users.email, demoEmail(name)))
      .get();
    if (!row) throw new Error(`no demo person ${name}`);
    return loadActor(row);
  };
  let sent = 0;
  const say = (
    actor: ReturnType<typeof loadActor>,
    conversationId: string,
    body: string,
    at: Date,
    extra: { urgent?: boolean; replyToMessageId?: string } = {},
  ) =>
    sendMessage({
      actor,
      conversationId,
      clientId: `demo-${sent++}`,
      body,
      now: at,
      ...extra,
    }).message;

  writeTransaction(() => {
    const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);

    // The team channel: rota and ward business, over the last two days.
    const channel = openTeamChannel({ actor: loadActor(grace), teamId: ward.id });
    say(
      loadActor(grace),
      channel.id,
      "Morning all. Reminder that fire safety and BLS training are due by the end of the month: book on the learning hub.",
      ago(2 * 24 * 60),
    );
    say(
      person("Tom Whitfield"),
      channel.id,
      "New IV pump training is on the hub too: https://learning.northgate.example/iv-pumps",
      ago(2 * 24 * 60 - 25),
    );
    const swap = say(
      loadActor(amelia),
      channel.id,
      "Can anyone swap a late on Thursday for an early? Happy to do a weekend late in return.",
      ago(26 * 60),
    );
    say(
      person("Sophie Clarke"),
      channel.id,
      "I can do Thursday, Amelia. Let's ask Grace tomorrow.",
      ago(25 * 60),
      { replyToMessageId: swap.id },
    );
    say(
      person("Tom Whitfield"),
      channel.id,
      "Phlebotomy are short tomorrow and won't reach us before 10:00: please take any bloods due first thing yourselves and send them with the 09:30 porter run.",
      ago(20 * 60),
    );
    say(
      loadActor(grace),
      channel.id,
      "From Monday we're in the obs audit: a full set of obs on admission, and on time after that. Escalate any score of 5 or more to the nurse in charge.",
      ago(6 * 60),
    );
    const meeting = say(
      loadActor(grace),
      channel.id,
      "Ward meeting moved to Wednesday 14:00 in the seminar room. Agenda: the new IV pumps and summer leave.",
      ago(3 * 60),
    );
    pinMessage({
      actor: loadActor(grace),
      conversationId: channel.id,
      messageId: meeting.id,
      now: ago(3 * 60 - 1),
    });
    say(
      person("Karen Doyle"),
      channel.id,
      "Stores delivery is in. Gloves size M are back in the cupboard by bay 4.",
      ago(90),
    );

    // Last night's thread: the most recent night that has ended, with people on it.
    const night = db
      .select()
      .from(shiftTypes)
      .where(and(eq(shiftTypes.teamId, ward.id), eq(shiftTypes.code, "N")))
      .get();
    if (night) {
      const today = localDateKey(now, ward.timeZone);
      for (let back = 1; back <= 7; back++) {
        const date = addDays(today, -back);
        const occurrence = { teamId: ward.id, shiftTypeId: night.id, date };
        const workers = workersOf(occurrence);
        const first = workers[0];
        if (workers.length < 2 || !first || first.endsAt.getTime() > now.getTime()) continue;
        const start = first.startsAt.getTime();
        const at = (minutes: number) => new Date(start + minutes * MINUTE);
        const [a, b, c] = workers.map((w) =>
          loadActor(db.select().from(users).where(eq(users.id, w.userId)).get()!),
        );
        if (!a || !b) break;
        const thread = openShiftThread({ actor: a, ...occurrence });
        say(
          a,
          thread.id,
          "Evening all. I'm taking bays 1 to 3 tonight, handover done at the desk.",
          at(10),
        );
        say(
          b,
          thread.id,
          "I'll take bays 4 to 6 and the side rooms. Drugs round at 22:00?",
          at(15),
        );
        say(a, thread.id, "Yes, I'll start it. Can you do the 22:00 obs?", at(18));
        if (c)
          say(c, thread.id, "Fridge temperatures logged and the resus trolley is checked.", at(60));
        const urgent = say(
          a,
          thread.id,
          "Need a second pair of hands in bay 2 now please. Outreach are on their way.",
          at(6 * 60 + 40),
          { urgent: true },
        );
        for (const w of [b, c]) {
          if (!w) continue;
          acknowledgeUrgent({ actor: w, messageId: urgent.id, now: at(6 * 60 + 41) });
        }
        say(b, thread.id, "With you.", at(6 * 60 + 41), { replyToMessageId: urgent.id });
        say(
          b,
          thread.id,
          "Repeat bloods for bay 2 are in the 06:00 collection; day team to chase the results.",
          at(7 * 60),
        );
        say(a, thread.id, "All settled, thanks both. Incident form done.", at(7 * 60 + 30));
        break;
      }
    }

    // A direct message: Amelia asked her manager something; the answer waits for her unread.
    const direct = openDirectConversation({
      actor: loadActor(amelia),
      userId: grace.id,
      now: ago(5 * 60),
    });
    say(
      loadActor(amelia),
      direct.id,
      "Hi Grace, did my leave request for next month come through?",
      ago(5 * 60),
    );
    say(
      loadActor(grace),
      direct.id,
      "Yes, it's with me. I'll look at it with the rota this week.",
      ago(4 * 60),
    );
    say(loadActor(grace), direct.id, "Can you do the IV pump training before Wednesday?", ago(60));
  });
}
