// The demo trust that `npm run demo` creates in an empty database: an organisation, two wards
// with a manager each, about 40 staff with realistic grades and skills, and an administrator.
// Every person is fictional; emails use the reserved .example domain.
import { and, eq } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import {
  handoverActions,
  handoverItems,
  leaveRequests,
  memberships,
  organisations,
  shifts,
  shiftTypes,
  teams,
  users,
} from "~/db/schema.server";
import { hashPassword } from "../accounts/passwords.server";
import { loadActor } from "../accounts/sessions.server";
import { setTeamRuleSet } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { InputError } from "../errors";
import {
  acceptHandover,
  addHandoverAction,
  addHandoverItem,
  decideCarriedAction,
  decideCarriedItem,
  type ItemInput,
  incomingLeads,
  recordSynthesis,
  setHandoverActionDone,
  startHandover,
} from "../handover/handovers.server";
import { liveShiftChangesBetween } from "../handover/shift-changes.server";
import { newId } from "../ids.server";
import { addDays, instantAt, localDateKey, mondayOf } from "../local-time";
import { notify } from "../notifications/notifications.server";
import { describeLeaveDates } from "../rota/leave-rules";
import { shiftInstants } from "../rota/rota-patterns";
import {
  applyRotaPatterns,
  createRecurrencePattern,
  createRotaLinePatterns,
} from "../rota/rota-patterns.server";
import { createRotaPeriod, publishRotaPeriod } from "../rota/rota-periods.server";
import { changeShift } from "../rota/shifts.server";
import { postOpenShift } from "../swaps/open-shifts.server";
import { checkChange } from "../swaps/swap-checks.server";
import { acceptSwapRequest, requestSwap } from "../swaps/swap-requests.server";
import { swapSettingsOf } from "../swaps/swap-settings.server";

export const DEMO_PASSWORD = "handover-at-seven";
export const DEMO_DOMAIN = "northgate.example";

type DemoPerson = {
  name: string;
  grade: string;
  role?: "manager";
  skills?: string[];
  clinical?: boolean;
};

const WARD_7: DemoPerson[] = [
  { name: "Grace Okafor", grade: "Band 7 Ward Manager", role: "manager", skills: ["IV", "NIV"] },
  {
    name: "Tom Whitfield",
    grade: "Band 6 Sister/Charge Nurse",
    skills: ["IV", "NIV", "Nurse in charge"],
  },
  { name: "Priya Raman", grade: "Band 6 Sister/Charge Nurse", skills: ["IV", "Nurse in charge"] },
  { name: "Amelia Hughes", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Daniel Mensah", grade: "Band 5 RN", skills: ["IV", "NIV"] },
  { name: "Sophie Clarke", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Joseph Kowalski", grade: "Band 5 RN" },
  { name: "Hannah Begum", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Liam O'Connor", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Chloe Evans", grade: "Band 5 RN" },
  { name: "Ifeoma Nwosu", grade: "Band 5 RN", skills: ["IV", "NIV"] },
  { name: "Ruth Adeyemi", grade: "Band 4 Nursing Associate" },
  { name: "Megan Price", grade: "Band 3 HCA", skills: ["Phlebotomy"] },
  { name: "Callum Reid", grade: "Band 2 HCA" },
  { name: "Fatima Hussain", grade: "Band 2 HCA", skills: ["Phlebotomy"] },
  { name: "Gareth Jones", grade: "Band 2 HCA" },
  { name: "Dr Aisha Patel", grade: "Registrar", skills: ["Acute medicine"] },
  { name: "Dr Ben Carter", grade: "FY1" },
  { name: "Dr Yusuf Ali", grade: "FY2" },
  { name: "Karen Doyle", grade: "Ward Clerk", clinical: false },
];

const WARD_12: DemoPerson[] = [
  { name: "Michael Osei", grade: "Band 7 Ward Manager", role: "manager", skills: ["IV"] },
  {
    name: "Emma Thompson",
    grade: "Band 6 Sister/Charge Nurse",
    skills: ["IV", "Nurse in charge", "Stoma care"],
  },
  { name: "Rhys Morgan", grade: "Band 6 Sister/Charge Nurse", skills: ["IV", "Nurse in charge"] },
  { name: "Olivia Bennett", grade: "Band 5 RN", skills: ["IV", "Stoma care"] },
  { name: "Kwame Asante", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Zara Ahmed", grade: "Band 5 RN" },
  { name: "Lucy Fraser", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Nathan Brooks", grade: "Band 5 RN", skills: ["IV"] },
  { name: "Maria Santos", grade: "Band 5 RN", skills: ["IV", "Stoma care"] },
  { name: "Ellie Walsh", grade: "Band 5 RN" },
  { name: "Samuel Edwards", grade: "Band 4 Nursing Associate" },
  { name: "Jade Robinson", grade: "Band 3 HCA", skills: ["Phlebotomy"] },
  { name: "Aaron Fletcher", grade: "Band 2 HCA" },
  { name: "Nadia Malik", grade: "Band 2 HCA" },
  { name: "Paul Sutton", grade: "Band 2 HCA", skills: ["Phlebotomy"] },
  { name: "Dr Helen Ng", grade: "Registrar", skills: ["General surgery"] },
  { name: "Dr Oliver Grant", grade: "FY1" },
  { name: "Dr Leah Simmons", grade: "CT1" },
  { name: "Sarah Gill", grade: "Ward Clerk", clinical: false },
];

/** The shifts a typical adult inpatient ward works. */
const DEMO_SHIFT_TYPES = [
  {
    code: "E",
    name: "Early",
    startLocal: "07:30",
    endLocal: "15:30",
    paidBreakMinutes: 30,
    colour: "blue",
    requirements: [
      { count: 3, qualification: "Band 5 RN" },
      { count: 2, qualification: "HCA" },
    ],
  },
  {
    code: "L",
    name: "Late",
    startLocal: "13:30",
    endLocal: "21:30",
    paidBreakMinutes: 30,
    colour: "green",
    requirements: [
      { count: 3, qualification: "Band 5 RN" },
      { count: 2, qualification: "HCA" },
    ],
  },
  {
    code: "LD",
    name: "Long day",
    startLocal: "07:30",
    endLocal: "20:00",
    paidBreakMinutes: 60,
    colour: "purple",
    requirements: [{ count: 1, qualification: "Nurse in charge" }],
  },
  {
    code: "N",
    name: "Night",
    startLocal: "19:30",
    endLocal: "08:00",
    paidBreakMinutes: 60,
    colour: "darkBlue",
    requirements: [
      { count: 2, qualification: "Band 5 RN" },
      { count: 1, qualification: "HCA" },
    ],
  },
];

export function demoEmail(name: string): string {
  const words = name
    .replace(/^Dr /, "")
    .toLowerCase()
    .replace(/[^a-z ]/g, "")
    .split(" ");
  return `${words.join(".")}@${DEMO_DOMAIN}`;
}

export type DemoSignIns = { role: string; email: string }[];

/** Creates the demo trust in one transaction and returns the accounts worth signing in as. */
export async function createDemoTrust(): Promise<DemoSignIns> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const db = getDb();
  return writeTransaction(() => {
    const organisationId = newId();
    db.insert(organisations)
      .values({ id: organisationId, name: "Northgate Hospitals NHS Foundation Trust" })
      .run();
    const adminId = newId();
    const adminEmail = `rota.admin@${DEMO_DOMAIN}`;
    db.insert(users)
      .values({
        id: adminId,
        organisationId,
        email: adminEmail,
        name: "Janet Marsh",
        passwordHash,
        isOrgAdmin: true,
      })
      .run();
    recordAudit({
      organisationId,
      actorUserId: adminId,
      action: "organisation.created",
      targetType: "organisation",
      targetId: organisationId,
      detail: { name: "Northgate Hospitals NHS Foundation Trust", demo: true },
    });
    const signIns: DemoSignIns = [{ role: "Organisation administrator", email: adminEmail }];
    const wards: [string, DemoPerson[]][] = [
      ["Ward 7 Acute Medical Unit", WARD_7],
      ["Ward 12 General Surgery", WARD_12],
    ];
    for (const [teamName, people] of wards) {
      const teamId = newId();
      db.insert(teams)
        .values({ id: teamId, organisationId, name: teamName, timeZone: "Europe/London" })
        .run();
      recordAudit({
        organisationId,
        actorUserId: adminId,
        action: "team.created",
        targetType: "team",
        targetId: teamId,
        detail: { name: teamName, demo: true },
      });
      for (const shiftType of DEMO_SHIFT_TYPES) {
        db.insert(shiftTypes)
          .values({ id: newId(), teamId, ...shiftType })
          .run();
      }
      const idsByName = new Map<string, string>();
      for (const person of people) {
        const userId = newId();
        idsByName.set(person.name, userId);
        const email = demoEmail(person.name);
        db.insert(users)
          .values({ id: userId, organisationId, email, name: person.name, passwordHash })
          .run();
        db.insert(memberships)
          .values({
            id: newId(),
            teamId,
            userId,
            role: person.role ?? "staff",
            grade: person.grade,
            skills: person.skills ?? [],
            clinical: person.clinical ?? true,
          })
          .run();
      }
      const manager = people.find((p) => p.role === "manager");
      if (manager) signIns.push({ role: `Manager, ${teamName}`, email: demoEmail(manager.name) });
      if (teamName.startsWith("Ward 7")) seedWard7Leave(teamId, idsByName);
      if (manager) seedRota(teamId, idsByName, manager.name, teamName.startsWith("Ward 7"));
    }
    signIns.push({ role: "Staff nurse, Ward 7", email: demoEmail("Amelia Hughes") });
    return signIns;
  });
}

/**
 * Leave on Ward 7 for the manager to see: one request waiting for a decision (with its
 * notification), study leave already approved, and a sickness recorded today.
 */
function seedWard7Leave(teamId: string, idsByName: Map<string, string>) {
  const db = getDb();
  const today = localDateKey(Date.now(), "Europe/London");
  const manager = idsByName.get("Grace Okafor")!;
  const amelia = idsByName.get("Amelia Hughes")!;
  const daniel = idsByName.get("Daniel Mensah")!;
  const chloe = idsByName.get("Chloe Evans")!;
  const leave = [
    {
      userId: amelia,
      kind: "annual",
      startDate: addDays(today, 21),
      endDate: addDays(today, 25),
      status: "requested",
      note: "Family wedding",
      requestedByUserId: amelia,
    },
    {
      userId: daniel,
      kind: "study",
      startDate: addDays(today, 10),
      endDate: addDays(today, 11),
      status: "approved",
      note: "NIV course",
      requestedByUserId: daniel,
      decidedByUserId: manager,
      decidedAt: new Date(),
    },
    {
      userId: chloe,
      kind: "sick",
      startDate: today,
      endDate: addDays(today, 2),
      status: "approved",
      note: "",
      requestedByUserId: manager,
      decidedByUserId: manager,
      decidedAt: new Date(),
    },
  ] as const;
  for (const row of leave)
    db.insert(leaveRequests)
      .values({ id: newId(), teamId, ...row })
      .run();
  notify({
    userIds: [manager],
    kind: "leave.requested",
    title: "Amelia Hughes asks for annual leave",
    body: describeLeaveDates(leave[0].startDate, leave[0].endDate),
    link: `/team/${teamId}/leave`,
  });
}

/**
 * Six weekly lines of earlies, lates and nights, worked in turn by the ward's nurses and HCAs
 * (each starts on a different line). Some weeks leave too little rest after a late, so the
 * working-time check has something to show.
 */
const DEMO_ROTA_LINES = [
  "E E L L - - -",
  "- - E E L L -",
  "N N N - - - -",
  "- L - - E E E",
  "- - - N N N -",
  "L - - L - - L",
].join("\n");

/**
 * The ward's rota: a published four-week period that began last Monday (so "My shifts" and "on
 * now" have something in them), then a draft for the four weeks after, filled from the same
 * patterns and waiting for the manager to review and publish. On Ward 7 one published shift
 * has since been changed, so Amelia sees a highlighted change and a notification.
 */
function seedRota(
  teamId: string,
  idsByName: Map<string, string>,
  managerName: string,
  isWard7: boolean,
) {
  const db = getDb();
  const managerRow = db
    .select()
    .from(users)
    .where(eq(users.id, idsByName.get(managerName)!))
    .get()!;
  const actor = loadActor(managerRow);
  const now = new Date();
  const today = localDateKey(now, "Europe/London");
  const thisMonday = mondayOf(today);
  const lastMonday = addDays(thisMonday, -7);
  if (isWard7) setTeamRuleSet({ actor, teamId, ruleSet: "wtr" });
  // The rota lines are for the nurses and HCAs; the sisters work the long days below instead. On
  // both, they clashed: "Fill from patterns" reported 12 shifts it could not add (issue 12).
  const people = [...idsByName.entries()].filter(([name]) => {
    const grade = [...WARD_7, ...WARD_12].find((p) => p.name === name)?.grade ?? "";
    return /RN|HCA|Nursing Associate/.test(grade) && !grade.startsWith("Band 6");
  });
  createRotaLinePatterns({
    actor,
    teamId,
    linesText: DEMO_ROTA_LINES,
    cycleStart: lastMonday,
    userIds: people.map(([, id]) => id),
  });
  // The nurse in charge on long days: the Band 6s, on weekdays in turn.
  const types = db.select().from(shiftTypes).where(eq(shiftTypes.teamId, teamId)).all();
  const longDay = types.find((t) => t.code === "LD")!;
  const sisters = [...idsByName.entries()].filter(([name]) =>
    [...WARD_7, ...WARD_12].find((p) => p.name === name)?.grade.startsWith("Band 6"),
  );
  sisters.forEach(([, userId], i) => {
    createRecurrencePattern({
      actor,
      teamId,
      userId,
      shiftTypeId: longDay.id,
      rule: `FREQ=WEEKLY;BYDAY=${i % 2 === 0 ? "MO,WE,FR" : "TU,TH,SA"};COUNT=48`,
      startDate: lastMonday,
    });
  });
  const current = createRotaPeriod({
    actor,
    teamId,
    startDate: lastMonday,
    endDate: addDays(lastMonday, 27),
  });
  applyRotaPatterns({ actor, teamId, periodId: current.periodId, now });
  publishRotaPeriod({ actor, teamId, periodId: current.periodId, now });
  const next = createRotaPeriod({
    actor,
    teamId,
    startDate: addDays(lastMonday, 28),
    endDate: addDays(lastMonday, 55),
  });
  applyRotaPatterns({ actor, teamId, periodId: next.periodId, now });

  if (isWard7) {
    // Amelia marked her shifts seen once the rota was published; since then her manager moved one.
    const amelia = idsByName.get("Amelia Hughes")!;
    db.update(users).set({ shiftsSeenAt: now }).where(eq(users.id, amelia)).run();
    const upcoming = db
      .select()
      .from(shifts)
      .where(and(eq(shifts.userId, amelia), eq(shifts.rotaPeriodId, current.periodId)))
      .all()
      .filter((s) => s.date > addDays(today, 1))
      .sort((a, b) => a.date.localeCompare(b.date))[0];
    const late = types.find((t) => t.code === "L")!;
    const early = types.find((t) => t.code === "E")!;
    if (upcoming) {
      changeShift({
        actor,
        teamId,
        shiftId: upcoming.id,
        userId: amelia,
        shiftTypeId: upcoming.shiftTypeId === late.id ? early.id : late.id,
        date: upcoming.date,
        now: new Date(now.getTime() + 1),
      });
    }
    seedWard7Swaps(teamId, idsByName, current.periodId, now);
    seedWard7Handovers(teamId, now);
  }
}

/**
 * Handovers on Ward 7 (issue 11): last night's, accepted (the day staff handed four fictional
 * patients, initials only, to the night staff, who synthesised and accepted it), and tonight's,
 * started by tonight's day staff with last night's open patients and actions carried in, some
 * decided and some still waiting, and a new admission. "Night" is the change where the night
 * shift starts; on a day whose rota has no night the nearest one before or after is used.
 */
function seedWard7Handovers(teamId: string, now: Date) {
  const db = getDb();
  const zone = "Europe/London";
  const today = localDateKey(now, zone);
  const startOfToday = instantAt(today, 0, 0, zone);
  const nightChanges = liveShiftChangesBetween(
    teamId,
    startOfToday - 4 * 86_400_000,
    startOfToday + 4 * 86_400_000,
  ).filter((c) => c.incoming.some((s) => s.code === "N"));
  const tonight = nightChanges.find((c) => c.at >= startOfToday);
  const lastNight = [...nightChanges].reverse().find((c) => c.at < startOfToday);
  if (!tonight || !lastNight) return;
  const actorOf = (userId: string) =>
    loadActor(db.select().from(users).where(eq(users.id, userId)).get()!);
  const item = (values: Partial<ItemInput> & { patient: string; summary: string }): ItemInput => ({
    ward: "",
    bay: "",
    bed: "",
    nhsNumber: "",
    severity: "stable",
    contingency: "",
    ...values,
    fields: { summary: values.summary },
  });

  // Last night: written by the day staff, received and accepted by the night staff.
  const writer = actorOf(lastNight.outgoing[0]!.userId);
  const receivers = lastNight.incoming.map((s) => actorOf(s.userId));
  // The night's nurse in charge accepts, as the rule asks (anyone, when nobody has the skill).
  const leadId = incomingLeads(teamId, lastNight)[0]?.userId;
  const lead = (leadId ? actorOf(leadId) : receivers[0])!;
  const at = lastNight.at;
  const t = (minutes: number) => new Date(at - 40 * 60_000 + minutes * 60_000);
  const { handoverId } = startHandover({ actor: writer, teamId, at, now: t(0) });
  const base = { actor: writer, handoverId };
  const mt = addHandoverItem({
    ...base,
    now: t(1),
    item: item({
      bay: "1",
      bed: "2",
      patient: "M.T.",
      severity: "unstable",
      summary:
        "82, day 2 of community-acquired pneumonia. NEWS 6 at 18:00, on 4 L oxygen, IV co-amoxiclav.",
      contingency:
        "If NEWS 7 or more, or oxygen need rises above 6 L, call the medical registrar and start the sepsis pathway.",
    }),
  }).itemId;
  const rk = addHandoverItem({
    ...base,
    now: t(2),
    item: item({
      bay: "2",
      bed: "5",
      patient: "R.K.",
      severity: "watcher",
      summary: "Fell on the ward at 15:00, no head injury seen. On apixaban.",
      contingency: "If GCS drops or new confusion, urgent CT head and call the doctor.",
    }),
  }).itemId;
  const jp = addHandoverItem({
    ...base,
    now: t(3),
    item: item({
      bay: "Side room",
      bed: "1",
      patient: "J.P.",
      severity: "watcher",
      summary: "C. difficile, barrier nursed. Strict fluid balance; 3 stools today.",
    }),
  }).itemId;
  addHandoverItem({
    ...base,
    now: t(4),
    item: item({
      bay: "3",
      bed: "1",
      patient: "E.W.",
      summary: "Medically fit. Awaiting discharge letter; transport booked 10:00.",
    }),
  });
  const owner = (i: number) => lastNight.incoming[i % lastNight.incoming.length]!.userId;
  addHandoverAction({
    ...base,
    itemId: mt,
    what: "Repeat VBG and lactate",
    ownerUserId: owner(0),
    due: "22:00",
    now: t(5),
  });
  const neuro = addHandoverAction({
    ...base,
    itemId: rk,
    what: "Neuro obs hourly until 02:00",
    ownerUserId: owner(1),
    due: "02:00",
    now: t(6),
  }).actionId;
  addHandoverAction({
    ...base,
    itemId: rk,
    what: "Ask physio to review falls risk",
    ownerUserId: null,
    due: "",
    now: t(7),
  });
  addHandoverAction({
    ...base,
    itemId: jp,
    what: "Chase stool sample result",
    ownerUserId: owner(1),
    due: "",
    now: t(8),
  });
  setHandoverActionDone({ ...base, actionId: neuro, done: true, now: t(9) });
  for (const [i, itemId] of [mt, rk, jp].entries()) {
    recordSynthesis({
      actor: receivers[i % receivers.length]!,
      handoverId,
      itemId,
      note: itemId === mt ? "Watching NEWS and oxygen; registrar if 7." : "",
      now: t(50 + i),
    });
  }
  acceptHandover({ actor: lead, handoverId, now: t(55) });

  // Tonight: started by the day staff, last night's open patients and actions carried in.
  const tonightWriter = actorOf(tonight.outgoing[0]!.userId);
  const startedAt = new Date(Math.min(now.getTime(), tonight.at - 30 * 60_000));
  const next = startHandover({ actor: tonightWriter, teamId, at: tonight.at, now: startedAt });
  const nextBase = { actor: tonightWriter, handoverId: next.handoverId, now: startedAt };
  const carried = db
    .select()
    .from(handoverItems)
    .where(eq(handoverItems.handoverId, next.handoverId))
    .all();
  const carriedActions = db
    .select()
    .from(handoverActions)
    .where(eq(handoverActions.handoverId, next.handoverId))
    .all();
  const byPatient = (patient: string) => carried.find((c) => c.patient === patient)!;
  const vbg = carriedActions.find((a) => a.what.startsWith("Repeat VBG"));
  if (vbg) decideCarriedAction({ ...nextBase, actionId: vbg.id, decision: "done" });
  decideCarriedItem({ ...nextBase, itemId: byPatient("M.T.").id, decision: "carry" });
  decideCarriedItem({ ...nextBase, itemId: byPatient("E.W.").id, decision: "done" });
  const { itemId: an } = addHandoverItem({
    ...nextBase,
    item: item({
      bay: "4",
      bed: "3",
      patient: "A.N.",
      severity: "watcher",
      summary: "Admitted 16:00 with chest pain; first troponin normal.",
      contingency: "If further chest pain, ECG and call the doctor.",
    }),
  });
  addHandoverAction({
    ...nextBase,
    itemId: an,
    what: "Second troponin",
    ownerUserId: tonight.incoming[0]!.userId,
    due: "22:00",
  });
}

/**
 * Swaps on Ward 7 (issue 10): an open night Amelia can claim, a swap between two nurses that
 * waits for Grace's approval, and a swap that waits for Amelia to accept. Each is made through
 * the model functions, so only changes the rules allow are seeded, whatever today's date makes
 * of the rota lines.
 */
function seedWard7Swaps(
  teamId: string,
  idsByName: Map<string, string>,
  periodId: string,
  now: Date,
) {
  const db = getDb();
  const actorOf = (name: string) =>
    loadActor(
      db
        .select()
        .from(users)
        .where(eq(users.id, idsByName.get(name)!))
        .get()!,
    );
  const grace = actorOf("Grace Okafor");
  const amelia = idsByName.get("Amelia Hughes")!;
  const today = localDateKey(now, "Europe/London");
  const team = { id: teamId, timeZone: "Europe/London", ruleSet: "wtr" as const };
  const settings = swapSettingsOf(teamId);
  const types = db.select().from(shiftTypes).where(eq(shiftTypes.teamId, teamId)).all();
  const night = types.find((t) => t.code === "N")!;
  const period = db.select().from(shifts).where(eq(shifts.rotaPeriodId, periodId)).all();
  const lastDate =
    period
      .map((s) => s.date)
      .sort()
      .at(-1) ?? today;

  // The open night: the first night from the day after tomorrow that Amelia could work.
  for (let date = addDays(today, 2); date <= lastDate; date = addDays(date, 1)) {
    const { start, end } = shiftInstants(date, night, "Europe/London");
    const check = checkChange({
      team,
      settings,
      moves: [
        {
          shift: {
            id: "open:demo",
            shiftTypeId: night.id,
            code: night.code,
            name: night.name,
            date,
            startsAt: start,
            endsAt: end,
            breakMinutes: night.paidBreakMinutes,
            requirements: night.requirements,
          },
          fromUserId: null,
          toUserId: amelia,
        },
      ],
    });
    if (check.ineligible.length) continue;
    postOpenShift({ actor: grace, teamId, shiftTypeId: night.id, date, now });
    break;
  }

  const upcoming = (userId: string) =>
    period
      .filter((s) => s.userId === userId && s.date >= addDays(today, 2) && !s.removedAt)
      .sort((a, b) => a.date.localeCompare(b.date));
  /** The first swap the rules allow between `from`'s shifts and `to`'s, or null. */
  const firstSwap = (from: string, to: string, except: Set<string>) => {
    for (const mine of upcoming(idsByName.get(from)!)) {
      for (const theirs of upcoming(idsByName.get(to)!)) {
        if (except.has(mine.id) || except.has(theirs.id)) continue;
        if (mine.shiftTypeId === theirs.shiftTypeId && mine.date === theirs.date) continue;
        try {
          const { requestId } = requestSwap({
            actor: actorOf(from),
            teamId,
            shiftId: mine.id,
            colleagueShiftId: theirs.id,
            now,
          });
          return { requestId, shiftIds: [mine.id, theirs.id] };
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
        }
      }
    }
    return null;
  };
  const used = new Set<string>();
  // Sophie asks Hannah (or, failing that, Liam); Hannah accepts; it waits for Grace.
  for (const colleague of ["Hannah Begum", "Liam O'Connor", "Ifeoma Nwosu"]) {
    const swap = firstSwap("Sophie Clarke", colleague, used);
    if (!swap) continue;
    acceptSwapRequest({ actor: actorOf(colleague), requestId: swap.requestId, now });
    for (const id of swap.shiftIds) used.add(id);
    break;
  }
  // Joseph asks Amelia: it waits for her to accept.
  for (const requester of ["Joseph Kowalski", "Chloe Evans", "Ifeoma Nwosu"]) {
    if (firstSwap(requester, "Amelia Hughes", used)) break;
  }
}

/** The demo accounts worth signing in as, if this database holds the demo trust. */
export function demoSignIns(): DemoSignIns {
  const wanted: DemoSignIns = [
    { role: "Organisation administrator", email: `rota.admin@${DEMO_DOMAIN}` },
    { role: "Manager, Ward 7 Acute Medical Unit", email: demoEmail("Grace Okafor") },
    { role: "Manager, Ward 12 General Surgery", email: demoEmail("Michael Osei") },
    { role: "Staff nurse, Ward 7", email: demoEmail("Amelia Hughes") },
  ];
  const db = getDb();
  return wanted.filter(({ email }) =>
    db.select({ id: users.id }).from(users).where(eq(users.email, email)).get(),
  );
}

export const DEMO_STAFF_COUNT = WARD_7.length + WARD_12.length;
