// A large trust for the rota benchmarks: 2,000 people in 40 wards, one of them 60 strong (the
// grid figure's ward), the rest 49 or 50. The people are inserted directly in a few batches,
// because how fast accounts are made is not what is measured here; everything about the rota
// (shift types, patterns, periods) is made afterwards through the model functions.
import { eq } from "drizzle-orm";
import { getDb } from "~/db/connection.server";
import { leaveRequests, memberships, organisations, teams, users } from "~/db/schema.server";
import type { Actor } from "~/models/accounts/permissions";
import { loadActor } from "~/models/accounts/sessions.server";
import { newId } from "~/models/ids.server";
import { addDays } from "~/models/local-time";

export const STAFF = 2000;
export const TEAMS = 40;
export const BIG_TEAM_SIZE = 60;
/** The rota year: 13 four-week periods from a Monday, across both of 2026's clock changes. */
export const YEAR_START = "2026-01-05";
export const PERIODS = 13;
export const YEAR_END = addDays(YEAR_START, PERIODS * 28 - 1);

/**
 * Nobody signs in during the benchmark, so every account shares one argon2id-shaped string: 2,000
 * real hashes at ~20 ms each would be most of a minute spent on nothing being measured.
 */
export const UNUSABLE_PASSWORD_HASH =
  "$argon2id$v=19$m=19456,t=2,p=1$YmVuY2htYXJrc2FsdA$YmVuY2htYXJrLW5vdC1hLXJlYWwtaGFzaC0wMDAwMA";

export type Grade =
  | "Band 7 Ward Manager"
  | "Band 6 Sister/Charge Nurse"
  | "Band 5 RN"
  | "Band 3 HCA"
  | "Band 2 HCA";

export type BenchMember = { userId: string; name: string; grade: Grade };

export type BenchTeam = {
  id: string;
  name: string;
  /** Everyone in the ward, manager first. */
  members: BenchMember[];
  manager: BenchMember;
  /** Band 6s: the nurses in charge, who work long days on fixed weekdays. */
  sisters: BenchMember[];
  nurses: BenchMember[];
  healthcareAssistants: BenchMember[];
};

export type LargeTrust = { organisationId: string; teams: BenchTeam[] };

// biome-ignore format: a table of names reads best packed
const FIRST_NAMES = [
  "Amelia", "Daniel", "Sophie", "Joseph", "Hannah", "Liam", "Chloe", "Ifeoma", "Ruth", "Megan",
  "Callum", "Fatima", "Gareth", "Aisha", "Ben", "Yusuf", "Karen", "Emma", "Rhys", "Olivia",
  "Kwame", "Zara", "Lucy", "Nathan", "Maria", "Ellie", "Samuel", "Jade", "Aaron", "Nadia",
  "Paul", "Helen", "Oliver", "Leah", "Sarah", "Grace", "Tom", "Priya", "Michael", "Ewa",
];
// biome-ignore format: a table of names reads best packed
const SURNAMES = [
  "Hughes", "Mensah", "Clarke", "Kowalski", "Begum", "O'Connor", "Evans", "Nwosu", "Adeyemi",
  "Price", "Reid", "Hussain", "Jones", "Patel", "Carter", "Ali", "Doyle", "Thompson", "Morgan",
  "Bennett", "Asante", "Ahmed", "Fraser", "Brooks", "Santos", "Walsh", "Edwards", "Robinson",
  "Fletcher", "Malik", "Sutton", "Ng", "Grant", "Simmons", "Gill", "Okafor", "Whitfield",
  "Raman", "Osei", "Nowak", "Murphy", "Khan", "Wright", "Green", "Hall", "Wood", "Shah", "Lewis",
  "Young", "King",
];

/** 60 for the first ward, then the other 1,940 people shared as evenly as whole people allow. */
export function teamSizes(): number[] {
  const others = TEAMS - 1;
  const rest = STAFF - BIG_TEAM_SIZE;
  const base = Math.floor(rest / others);
  const larger = rest - base * others;
  return [BIG_TEAM_SIZE, ...Array.from({ length: others }, (_, i) => base + (i < larger ? 1 : 0))];
}

/**
 * A ward's grade mix, roughly as an adult inpatient ward: one manager, about 8% Band 6 sisters,
 * 30% healthcare assistants, and Band 5 staff nurses for the rest.
 */
function gradesFor(size: number): Grade[] {
  const sisters = Math.round(size * 0.08);
  const assistants = Math.round(size * 0.3);
  const nurses = size - 1 - sisters - assistants;
  return [
    "Band 7 Ward Manager",
    ...Array<Grade>(sisters).fill("Band 6 Sister/Charge Nurse"),
    ...Array<Grade>(nurses).fill("Band 5 RN"),
    ...Array.from({ length: assistants }, (_, i): Grade => (i % 3 ? "Band 2 HCA" : "Band 3 HCA")),
  ];
}

function skillsFor(grade: Grade, index: number): string[] {
  if (grade === "Band 6 Sister/Charge Nurse") return ["IV", "Nurse in charge"];
  if (grade === "Band 7 Ward Manager") return ["IV", "Nurse in charge"];
  if (grade === "Band 5 RN") return index % 2 ? ["IV"] : [];
  return index % 4 ? [] : ["Phlebotomy"];
}

/** Inserts rows in chunks: SQLite caps the parameters of one statement. */
function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => void, size = 500) {
  for (let i = 0; i < rows.length; i += size) insert(rows.slice(i, i + size));
}

/**
 * Two weeks' approved annual leave for everyone, staggered through the year, so that applying
 * the patterns meets leave (and skips those days) and the grid has leave to show.
 */
function leaveFor(team: BenchTeam, teamIndex: number): (typeof leaveRequests.$inferInsert)[] {
  return team.members.flatMap((person, i) =>
    [0, 26].map((halfYear) => {
      const week = (i * 3 + teamIndex + halfYear) % (PERIODS * 4);
      const startDate = addDays(YEAR_START, week * 7);
      return {
        id: newId(),
        teamId: team.id,
        userId: person.userId,
        kind: "annual" as const,
        startDate,
        endDate: addDays(startDate, 6),
        status: "approved" as const,
        requestedByUserId: person.userId,
        decidedByUserId: team.manager.userId,
        decidedAt: new Date(),
      };
    }),
  );
}

export function seedLargeTrust(): LargeTrust {
  const db = getDb();
  const organisationId = newId();
  const userRows: (typeof users.$inferInsert)[] = [];
  const teamRows: (typeof teams.$inferInsert)[] = [];
  const membershipRows: (typeof memberships.$inferInsert)[] = [];
  const benchTeams: BenchTeam[] = [];
  let personNumber = 0;

  teamSizes().forEach((size, teamIndex) => {
    const teamId = newId();
    const name = `Ward ${teamIndex + 1}`;
    teamRows.push({ id: teamId, organisationId, name, timeZone: "Europe/London" });
    const members = gradesFor(size).map((grade, i) => {
      const n = personNumber++;
      const person: BenchMember = {
        userId: newId(),
        // Surnames step by 7 (coprime with 50) so first and last names pair differently.
        name: `${FIRST_NAMES[n % FIRST_NAMES.length]} ${SURNAMES[(n * 7) % SURNAMES.length]}`,
        grade,
      };
      userRows.push({
        id: person.userId,
        organisationId,
        email: `person${n}@bench-trust.example`,
        name: person.name,
        passwordHash: UNUSABLE_PASSWORD_HASH,
      });
      membershipRows.push({
        id: newId(),
        teamId,
        userId: person.userId,
        role: i === 0 ? "manager" : "staff",
        grade,
        skills: skillsFor(grade, i),
        clinical: true,
      });
      return person;
    });
    benchTeams.push({
      id: teamId,
      name,
      members,
      manager: members[0]!,
      sisters: members.filter((m) => m.grade === "Band 6 Sister/Charge Nurse"),
      nurses: members.filter((m) => m.grade === "Band 5 RN"),
      healthcareAssistants: members.filter((m) => m.grade.endsWith("HCA")),
    });
  });

  db.transaction(() => {
    db.insert(organisations).values({ id: organisationId, name: "Bench NHS Trust" }).run();
    db.insert(teams).values(teamRows).run();
    insertInChunks(userRows, (chunk) => db.insert(users).values(chunk).run());
    insertInChunks(membershipRows, (chunk) => db.insert(memberships).values(chunk).run());
    const leave = benchTeams.flatMap((team, i) => leaveFor(team, i));
    insertInChunks(leave, (chunk) => db.insert(leaveRequests).values(chunk).run());
  });
  return { organisationId, teams: benchTeams };
}

/** The actor a signed-in person would be, as the session code builds it. */
export function actorOf(userId: string): Actor {
  const user = getDb().select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Error(`no user ${userId}`);
  return loadActor(user);
}
