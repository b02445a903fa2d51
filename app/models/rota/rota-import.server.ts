// Rota import and export as CSV, for wards that keep their rota in Excel. An import replaces
// the shifts of each person in the file on each date in the file, in a draft period only; it is
// checked whole before anything is written (people, shift codes, leave, clashes), and a file
// with any problem changes nothing. The checks follow applyRotaPatterns (rota-patterns.server.ts):
// read everything once, check in memory, write in one transaction.
import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { rotaPeriods, shifts, shiftTypes, users } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { recordAudit } from "../audit/audit.server";
import { InputError } from "../errors";
import { addDays, type DateKey } from "../local-time";
import { approvedLeaveOf, leaveOn } from "./leave.server";
import { describeAbsence } from "./leave-rules";
import { teamRoster } from "./roster.server";
import {
  addProblem,
  formatRotaCsv,
  MAX_ROTA_CSV_BYTES,
  quoted,
  type RotaCsvProblem,
  readRotaCsv,
  rotaCsvExample,
  sameDayPair,
  sortProblems,
} from "./rota-csv";
import { shiftInstants } from "./rota-patterns";
import { getRotaPeriod, type PeriodRequest } from "./rota-periods.server";
import { ABSENCE_MARKS, absenceOn } from "./shift-counts";
import { formatDay } from "./shift-display";
import { byPerson, insertShiftRows, liveShiftsOf, type NewShiftRow } from "./shift-rows.server";
import { currentShiftTypes } from "./shift-types.server";

export type RotaImportResult =
  | { ok: true; added: number; removed: number; people: number }
  | { ok: false; problems: RotaCsvProblem[]; moreProblems: number };

/** A page of problems is enough to act on; the rest are counted. */
const SHOWN_PROBLEMS = 100;

export const PUBLISHED_IMPORT_MESSAGE =
  "This rota is published, so a file cannot replace it. Import into a draft period, or change the published rota one shift at a time.";
export const FILE_TOO_LARGE_MESSAGE =
  "The file is larger than 1 MB. A ward's rota is far smaller: check that it is the right file.";

type ShiftTypeRow = typeof shiftTypes.$inferSelect;

/** What the import page needs: the period (managers and administrators only) and the codes. */
export function rotaImportPage({ actor, teamId, periodId, ipAddress }: PeriodRequest) {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const types = currentShiftTypes(team.id);
  const codes = types.map((t) => t.code);
  const dates = [0, 1, 2].map((days) => addDays(period.startDate, days)) as [
    DateKey,
    DateKey,
    DateKey,
  ];
  return {
    example: rotaCsvExample(dates, types),
    /** Two codes one person can work on one day, for "joined by +", or null. */
    pair: sameDayPair(types),
    team: { id: team.id, name: team.name },
    period: {
      id: period.id,
      startDate: period.startDate,
      endDate: period.endDate,
      status: period.status,
    },
    codes,
  };
}

/** Everyone a file may name: the team's members, and anyone who still has shifts in the period. */
function peopleOfPeriod(teamId: string, periodId: string) {
  const db = getDb();
  const people = new Map<
    string,
    {
      userId: string;
      name: string;
      email: string;
      /** Their grade in the team; empty for someone who has left it but still has shifts. */
      grade: string;
      active: boolean;
      member: boolean;
    }
  >();
  for (const m of teamRoster(teamId)) {
    people.set(m.userId, {
      userId: m.userId,
      name: m.name,
      email: m.email,
      grade: m.grade,
      active: m.deactivatedAt === null,
      member: true,
    });
  }
  for (const s of db
    .selectDistinct({ userId: users.id, name: users.name, email: users.email })
    .from(shifts)
    .innerJoin(users, eq(users.id, shifts.userId))
    .where(and(eq(shifts.rotaPeriodId, periodId), isNull(shifts.removedAt)))
    .all()) {
    if (!people.has(s.userId))
      people.set(s.userId, { ...s, grade: "", active: false, member: false });
  }
  return people;
}

/** Codes match whatever their case; a current type wins over an archived one of the same code. */
function typesByCode(types: ShiftTypeRow[]): Map<string, ShiftTypeRow> {
  const byCode = new Map<string, ShiftTypeRow>();
  for (const type of types) {
    const key = type.code.toUpperCase();
    const existing = byCode.get(key);
    if (!existing || (existing.archivedAt && !type.archivedAt)) byCode.set(key, type);
  }
  return byCode;
}

type Busy = { start: number; end: number; code: string; date: DateKey; column?: string };

/**
 * Replaces shifts of a draft period from a CSV file (format in rota-csv.ts). For each person in
 * the file and each date in it, the cell says which shifts they work: shifts already there that
 * the cell names stay as they are (a pattern's shift keeps its pattern), others are removed
 * (kept with removedAt, so a pattern does not bring them back) and missing ones are added.
 * People and dates not in the file are untouched, so exporting and importing the same file
 * changes nothing.
 */
export function importRotaCsv({
  actor,
  teamId,
  periodId,
  csvText,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  periodId: string;
  csvText: string;
  now?: Date;
  ipAddress?: string;
}): RotaImportResult {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  if (period.status !== "draft") throw new InputError(PUBLISHED_IMPORT_MESSAGE);
  if (Buffer.byteLength(csvText, "utf8") > MAX_ROTA_CSV_BYTES)
    throw new InputError(FILE_TOO_LARGE_MESSAGE, "file");
  // Reading the text needs no lock; the checks against the rota and the write share one.
  const { grid, problems } = readRotaCsv(csvText, period);
  const db = getDb();
  return writeTransaction((): RotaImportResult => {
    // Re-read under the lock: a period published a moment ago must not be rewritten quietly.
    const current = db
      .select({ status: rotaPeriods.status })
      .from(rotaPeriods)
      .where(eq(rotaPeriods.id, period.id))
      .get();
    if (current?.status !== "draft") throw new InputError(PUBLISHED_IMPORT_MESSAGE);

    const types = db.select().from(shiftTypes).where(eq(shiftTypes.teamId, team.id)).all();
    const typeByCode = typesByCode(types);
    const currentCodes = types
      .filter((t) => !t.archivedAt)
      .map((t) => t.code)
      .sort();
    const people = peopleOfPeriod(team.id, period.id);
    const personByEmail = new Map([...people.values()].map((p) => [p.email.toLowerCase(), p]));

    const fileDates = new Set(grid.dates.map((d) => d.date));
    const sortedDates = [...fileDates].sort();
    const firstDate = sortedDates[0];
    const lastDate = sortedDates[sortedDates.length - 1];
    const userIds = [
      ...new Set(
        grid.rows.flatMap((row) => {
          const person = personByEmail.get(row.email);
          return person ? [person.userId] : [];
        }),
      ),
    ];

    // Each person's live shifts in any team, a day either side of the file's dates so that a
    // night before the first date (or an early after the last) is seen, and their approved leave.
    const shiftsOf = byPerson(
      firstDate && lastDate
        ? liveShiftsOf({ userIds, from: addDays(firstDate, -1), to: addDays(lastDate, 1) }).map(
            (s) => ({
              id: s.id,
              userId: s.userId,
              periodId: s.rotaPeriodId,
              typeId: s.shiftTypeId,
              date: s.date,
              code: s.code,
              start: s.startsAt.getTime(),
              end: s.endsAt.getTime(),
            }),
          )
        : [],
    );
    const leaveOf =
      firstDate && lastDate
        ? approvedLeaveOf({ userIds, from: firstDate, to: lastDate })
        : new Map();

    const toRemove: string[] = [];
    const toAdd: NewShiftRow[] = [];
    for (const row of grid.rows) {
      const problem = (column: string, message: string) =>
        addProblem(problems, { row: row.row, column, message });
      const person = personByEmail.get(row.email);
      if (!person) {
        // Unknown, or in another team: the same words, so a file cannot probe who exists.
        problem("A", `${row.email} is not in this team.`);
        continue;
      }
      const mine = shiftsOf.get(person.userId) ?? [];
      const replaced = mine.filter((s) => s.periodId === period.id && fileDates.has(s.date));
      const busy: Busy[] = mine.filter((s) => !replaced.includes(s));
      const kept = new Set<string>();
      const wanted: { column: string; date: DateKey; type: ShiftTypeRow }[] = [];
      for (const cell of row.cells) {
        for (const code of cell.codes) {
          const type = typeByCode.get(code);
          if (!type) {
            problem(
              cell.column,
              `${quoted(code)} is not one of this team's shift codes (${currentCodes.join(", ") || "none yet"}). Leave the cell blank for a day off.`,
            );
            continue;
          }
          const same = replaced.find(
            (s) => s.date === cell.date && s.typeId === type.id && !kept.has(s.id),
          );
          if (same) {
            kept.add(same.id);
            busy.push({ ...same, column: cell.column });
          } else if (type.archivedAt) {
            problem(cell.column, `The ${type.name} shift type (${type.code}) is archived.`);
          } else {
            wanted.push({ column: cell.column, date: cell.date, type });
          }
        }
      }
      const removals = replaced.filter((s) => !kept.has(s.id));
      if (!person.active) {
        // Their row may come back as it was exported, but nobody is put on (or taken off) a
        // rota by a file once they have left the team or their account is closed.
        if (wanted.length || removals.length) {
          problem(
            "A",
            `${person.name} ${person.member ? "has a deactivated account" : "is no longer in this team"}, so their shifts cannot be changed by a file. Leave their row as it was exported, or delete it.`,
          );
        }
        continue;
      }
      wanted.sort(
        (a, b) =>
          a.date.localeCompare(b.date) || a.type.startLocal.localeCompare(b.type.startLocal),
      );
      const additions: typeof toAdd = [];
      for (const want of wanted) {
        const away = leaveOn(leaveOf, person.userId, want.date);
        if (away) {
          problem(
            want.column,
            `${person.name} is ${describeAbsence(away)} on ${formatDay(want.date)}.`,
          );
          continue;
        }
        const { start, end } = shiftInstants(want.date, want.type, team.timeZone);
        const clash = busy.find((b) => b.start < end.getTime() && b.end > start.getTime());
        if (clash) {
          const where = clash.column ? ` (column ${clash.column})` : "";
          problem(
            want.column,
            `${person.name} already works ${clash.code} on ${formatDay(clash.date)}${where} at the time of this ${want.type.code}.`,
          );
          continue;
        }
        busy.push({
          start: start.getTime(),
          end: end.getTime(),
          code: want.type.code,
          date: want.date,
          column: want.column,
        });
        additions.push({
          teamId: team.id,
          rotaPeriodId: period.id,
          shiftTypeId: want.type.id,
          userId: person.userId,
          date: want.date,
          startsAt: start,
          endsAt: end,
          now,
        });
      }
      // Collected even when an earlier row failed, so that every problem is found in one go;
      // nothing is written unless there are none.
      toRemove.push(...removals.map((s) => s.id));
      toAdd.push(...additions);
    }

    if (problems.total > 0) {
      const shown = sortProblems(problems.list).slice(0, SHOWN_PROBLEMS);
      return { ok: false, problems: shown, moreProblems: problems.total - shown.length };
    }
    // Chunks keep each statement well inside SQLite's limit on bound parameters.
    for (let i = 0; i < toRemove.length; i += 500) {
      db.update(shifts)
        .set({ removedAt: now, updatedAt: now })
        .where(inArray(shifts.id, toRemove.slice(i, i + 500)))
        .run();
    }
    insertShiftRows(toAdd);
    // Counts only: the file's cells say who works when, which the rota itself records.
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota.imported",
      targetType: "rota_period",
      targetId: period.id,
      ipAddress,
      detail: {
        teamId: team.id,
        people: grid.rows.length,
        dates: grid.dates.length,
        added: toAdd.length,
        removed: toRemove.length,
      },
    });
    return { ok: true, added: toAdd.length, removed: toRemove.length, people: grid.rows.length };
  });
}

/** "ward-7" from "Ward 7": safe in a file name on any system. */
function fileNamePart(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 40) || "team"
  );
}

/**
 * A period as CSV in the import's format: every active member of the team (and anyone else who
 * still has shifts in it) by name, with their name and grade beside their email (columns the
 * import reads past), every date of the period. Draft or published; audited; for
 * managers only, so sickness is named. Each day of approved leave or sickness carries its mark
 * after the codes ("E (AL)", or "(AL)" alone): a reader never takes a shift during leave for a
 * worked one, and importing the file back keeps that shift as it is and never makes a new one
 * on a day of leave (docs/decisions/013).
 */
export function exportRotaCsv({ actor, teamId, periodId, ipAddress }: PeriodRequest): {
  filename: string;
  csv: string;
} {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const dates: DateKey[] = [];
  for (let date = period.startDate; date <= period.endDate; date = addDays(date, 1))
    dates.push(date);
  const column = new Map(dates.map((date, index) => [date, index]));
  const live = getDb()
    .select({
      userId: shifts.userId,
      date: shifts.date,
      startsAt: shifts.startsAt,
      code: shiftTypes.code,
    })
    .from(shifts)
    .innerJoin(shiftTypes, eq(shiftTypes.id, shifts.shiftTypeId))
    .where(and(eq(shifts.rotaPeriodId, period.id), isNull(shifts.removedAt)))
    .orderBy(asc(shifts.startsAt))
    .all();
  const withShifts = new Set(live.map((s) => s.userId));
  const people = [...peopleOfPeriod(team.id, period.id).values()]
    .filter((p) => p.active || withShifts.has(p.userId))
    .sort((a, b) => a.name.localeCompare(b.name, "en-GB") || a.email.localeCompare(b.email));
  const codesOf = new Map(people.map((p) => [p.userId, dates.map((): string[] => [])]));
  for (const s of live) {
    const index = column.get(s.date);
    if (index !== undefined) codesOf.get(s.userId)?.[index]?.push(s.code);
  }
  const absences = approvedLeaveOf({
    userIds: people.map((p) => p.userId),
    from: period.startDate,
    to: period.endDate,
  });
  const csv = formatRotaCsv(
    dates,
    people.map((p) => ({
      email: p.email,
      name: p.name,
      grade: p.grade,
      codes: codesOf.get(p.userId) ?? [],
      absenceMarks: dates.map((date) => {
        const kind = absenceOn(absences, p.userId, date);
        return kind && ABSENCE_MARKS[kind];
      }),
    })),
  );
  recordAudit({
    organisationId: actor.organisationId,
    actorUserId: actor.userId,
    action: "rota.exported",
    targetType: "rota_period",
    targetId: period.id,
    ipAddress,
    detail: {
      teamId: team.id,
      status: period.status,
      people: people.length,
      shifts: live.length,
    },
  });
  return {
    filename: `baton-rota-${fileNamePart(team.name)}-${period.startDate}-to-${period.endDate}.csv`,
    csv,
  };
}
