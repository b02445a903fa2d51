// Recurring patterns in a team: a person's RRULE of one shift type, or a rotating rota of weekly
// lines that each person enters on a different line. Applying the team's patterns to a draft
// period turns them into shifts on local dates; an occurrence already made (even if it was
// moved or removed since) is never made again, so re-applying never duplicates a shift.
import { and, asc, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { rotaPatterns, shifts, shiftTypes, users } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { addDays, isDateKey, localDateKey, realDateMessage, weekdayOf } from "../local-time";
import { checkLength } from "../text-limits";
import { approvedLeaveOf, leaveOn } from "./leave.server";
import { teamRoster } from "./roster.server";
import {
  describeRecurrence,
  expandRecurrence,
  expandRotaLines,
  formatRotaLines,
  type PatternShiftStart,
  parseRecurrence,
  parseRotaLinesText,
  type RotaLines,
  shiftInstants,
} from "./rota-patterns";
import { isWithinRotaYears } from "./rota-period-rules";
import { currentStatus, getRotaPeriod, type PeriodRequest } from "./rota-periods.server";
import { byPerson, insertShiftRows, liveShiftsOf, type NewShiftRow } from "./shift-rows.server";
import { currentShiftTypes } from "./shift-types.server";
import { memberToAssign } from "./shifts.server";

type PatternRow = typeof rotaPatterns.$inferSelect;

/**
 * The team's patterns in use, for its managers: weekly patterns one by one, and rotating rotas
 * grouped (the people who share the same lines and first week), with each person's line.
 */
export function listRotaPatterns({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const db = getDb();
  const rows = db
    .select({ pattern: rotaPatterns, name: users.name })
    .from(rotaPatterns)
    .innerJoin(users, eq(users.id, rotaPatterns.userId))
    .where(and(eq(rotaPatterns.teamId, team.id), isNull(rotaPatterns.stoppedAt)))
    .orderBy(asc(rotaPatterns.startLine), asc(users.name))
    .all();
  const types = new Map(
    db
      .select()
      .from(shiftTypes)
      .where(eq(shiftTypes.teamId, team.id))
      .all()
      .map((t) => [t.id, t]),
  );
  const weekly = rows
    .filter(({ pattern }) => pattern.kind === "recurrence")
    .map(({ pattern, name }) => {
      const type = types.get(pattern.shiftTypeId ?? "");
      return {
        id: pattern.id,
        name,
        shift: type ? `${type.code} ${type.name}` : "?",
        startDate: pattern.startDate ?? "",
        rule: pattern.rule ?? "",
        repeats: describeRecurrence(
          pattern.rule ?? "",
          pattern.startDate ?? "",
          type && { startLocal: type.startLocal, timeZone: team.timeZone },
        ),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const rotas = new Map<
    string,
    {
      lines: string;
      lineCount: number;
      cycleStart: string;
      people: { id: string; name: string; line: number }[];
    }
  >();
  for (const { pattern, name } of rows) {
    if (pattern.kind !== "lines" || !pattern.lines) continue;
    const lines = formatRotaLines(pattern.lines);
    const key = `${pattern.cycleStart}|${lines}`;
    const rota = rotas.get(key) ?? {
      lines,
      lineCount: pattern.lines.length,
      cycleStart: pattern.cycleStart ?? "",
      people: [],
    };
    rota.people.push({ id: pattern.id, name, line: (pattern.startLine ?? 0) + 1 });
    rotas.set(key, rota);
  }
  return { team, weekly, rotas: [...rotas.values()] };
}

export function createRecurrencePattern({
  actor,
  teamId,
  userId,
  shiftTypeId,
  rule,
  startDate,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  userId: string;
  shiftTypeId: string;
  rule: string;
  startDate: string;
  ipAddress?: string;
}): { patternId: string } {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  memberToAssign(team.id, userId);
  const type = getDb()
    .select()
    .from(shiftTypes)
    .where(and(eq(shiftTypes.id, shiftTypeId), eq(shiftTypes.teamId, team.id)))
    .get();
  if (!type || type.archivedAt)
    throw new InputError("Choose one of the team's shift types.", "shiftTypeId");
  if (!isDateKey(startDate))
    throw new InputError(
      realDateMessage(startDate, "Enter the first date as a real date."),
      "startDate",
    );
  if (!isWithinRotaYears(startDate, localDateKey(Date.now(), team.timeZone)))
    throw new InputError(
      "Choose a first date from two years ago to three years ahead.",
      "startDate",
    );
  checkLength(rule.trim(), "recurrenceRule", { label: "The rule", field: "rule" });
  const parsed = parseRecurrence(rule, startDate, {
    startLocal: type.startLocal,
    timeZone: team.timeZone,
  });
  if (!parsed.ok) throw new InputError(parsed.message, "rule");
  const cleanRule = rule
    .trim()
    .replace(/^RRULE:/i, "")
    .toUpperCase();
  return writeTransaction(() => {
    const patternId = newId();
    getDb()
      .insert(rotaPatterns)
      .values({
        id: patternId,
        teamId: team.id,
        userId,
        kind: "recurrence",
        shiftTypeId: type.id,
        rule: cleanRule,
        startDate,
        createdByUserId: actor.userId,
      })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_pattern.created",
      targetType: "rota_pattern",
      targetId: patternId,
      ipAddress,
      detail: {
        teamId: team.id,
        userId,
        kind: "recurrence",
        code: type.code,
        rule: cleanRule,
        startDate,
      },
    });
    return { patternId };
  });
}

/**
 * A rotating rota for several people at once: the first person starts on line 1, the second on
 * line 2 and so on (wrapping round), all from the week of `cycleStart`, a Monday.
 */
export function createRotaLinePatterns({
  actor,
  teamId,
  linesText,
  cycleStart,
  userIds,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  linesText: string;
  cycleStart: string;
  userIds: string[];
  ipAddress?: string;
}): { patternIds: string[] } {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const db = getDb();
  const codes = currentShiftTypes(team.id).map((t) => t.code);
  checkLength(linesText, "rotaLines", { label: "The rota lines", field: "lines" });
  const parsed = parseRotaLinesText(linesText, codes);
  if (!parsed.ok) throw new InputError(parsed.message, "lines");
  if (!isDateKey(cycleStart) || weekdayOf(cycleStart) !== 1)
    throw new InputError(
      realDateMessage(cycleStart, "Choose a Monday for the first week of the cycle."),
      "cycleStart",
    );
  if (!isWithinRotaYears(cycleStart, localDateKey(Date.now(), team.timeZone)))
    throw new InputError("Choose a Monday from two years ago to three years ahead.", "cycleStart");
  const people = [...new Set(userIds)];
  if (people.length === 0) throw new InputError("Choose at least one person.", "userIds");
  for (const userId of people) memberToAssign(team.id, userId);
  return writeTransaction(() => {
    const patternIds = people.map((userId, index) => {
      const patternId = newId();
      db.insert(rotaPatterns)
        .values({
          id: patternId,
          teamId: team.id,
          userId,
          kind: "lines",
          lines: parsed.lines,
          cycleStart,
          startLine: index % parsed.lines.length,
          createdByUserId: actor.userId,
        })
        .run();
      return patternId;
    });
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_pattern.created",
      targetType: "team",
      targetId: team.id,
      ipAddress,
      detail: { kind: "lines", lines: parsed.lines.length, cycleStart, people: people.length },
    });
    return { patternIds };
  });
}

/** A stopped pattern makes no more shifts; those it made stay on the rota. */
export function stopRotaPattern({
  actor,
  teamId,
  patternId,
  now = new Date(),
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  patternId: string;
  now?: Date;
  ipAddress?: string;
}): void {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const row = getDb()
    .select()
    .from(rotaPatterns)
    .where(and(eq(rotaPatterns.id, patternId), eq(rotaPatterns.teamId, team.id)))
    .get();
  if (!row) {
    throw refuse(actor, {
      attempted: "rota_pattern.manage",
      targetType: "rota_pattern",
      targetId: patternId,
      ipAddress,
    });
  }
  if (row.stoppedAt) return; // already stopped: nothing to change or audit
  writeTransaction(() => {
    getDb().update(rotaPatterns).set({ stoppedAt: now }).where(eq(rotaPatterns.id, row.id)).run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_pattern.stopped",
      targetType: "rota_pattern",
      targetId: row.id,
      ipAddress,
      detail: { teamId: team.id, userId: row.userId },
    });
  });
}

/**
 * The dates and shift codes (or type ids) a pattern falls on within a range. `shiftStart` is
 * the pattern's shift type's start in the team's zone, for an UNTIL with a time.
 */
function occurrences(
  pattern: PatternRow,
  range: { from: string; to: string },
  shiftStart: PatternShiftStart | undefined,
): { date: string; code?: string; shiftTypeId?: string }[] {
  if (pattern.kind === "recurrence") {
    return expandRecurrence(
      pattern.rule ?? "",
      pattern.startDate ?? range.from,
      range,
      shiftStart,
    ).map((date) => ({ date, shiftTypeId: pattern.shiftTypeId ?? undefined }));
  }
  return expandRotaLines({
    lines: (pattern.lines ?? []) as RotaLines,
    cycleStart: pattern.cycleStart ?? range.from,
    startLine: pattern.startLine ?? 0,
    range,
  });
}

export type SkippedOccurrence = { name: string; date: string; code: string; reason: string };

/**
 * Fills a draft period from the team's patterns. Returns how many shifts were added and each
 * occurrence that was not, with the reason (leave, a clash, a person who has left, a retired
 * code). Everything is read up front and checked in memory, so a year of patterns for a large
 * team is one quick transaction.
 */
export function applyRotaPatterns({
  actor,
  teamId,
  periodId,
  now = new Date(),
  ipAddress,
}: PeriodRequest & { now?: Date }): { added: number; skipped: SkippedOccurrence[] } {
  const { team, period } = getRotaPeriod({ actor, teamId, periodId, manage: true, ipAddress });
  const db = getDb();
  return writeTransaction(() => {
    if (currentStatus(period.id) !== "draft")
      throw new InputError(
        "Patterns fill draft periods only. Change a published rota one shift at a time.",
      );
    const patterns = db
      .select()
      .from(rotaPatterns)
      .where(and(eq(rotaPatterns.teamId, team.id), isNull(rotaPatterns.stoppedAt)))
      .all();
    const types = db.select().from(shiftTypes).where(eq(shiftTypes.teamId, team.id)).all();
    const typeById = new Map(types.map((t) => [t.id, t]));
    const typeByCode = new Map(types.filter((t) => !t.archivedAt).map((t) => [t.code, t]));
    const members = new Map(teamRoster(team.id).map((m) => [m.userId, m]));
    const userIds = [...new Set(patterns.map((p) => p.userId))];
    const patternIds = patterns.map((p) => p.id);
    const made = new Set(
      patternIds.length
        ? db
            .select({ patternId: shifts.patternId, patternDate: shifts.patternDate })
            .from(shifts)
            // Only this period's dates can be made now: the index on (pattern, date) answers it.
            .where(
              and(
                inArray(shifts.patternId, patternIds),
                gte(shifts.patternDate, period.startDate),
                lte(shifts.patternDate, period.endDate),
              ),
            )
            .all()
            .map((s) => `${s.patternId}|${s.patternDate}`)
        : [],
    );
    // Existing shifts of these people (any team), a day either side for nights.
    const busy = byPerson(
      liveShiftsOf({
        userIds,
        from: addDays(period.startDate, -1),
        to: addDays(period.endDate, 1),
      }).map((s) => ({
        userId: s.userId,
        start: s.startsAt.getTime(),
        end: s.endsAt.getTime(),
        code: s.code,
        date: s.date,
      })),
    );
    const leave = approvedLeaveOf({ userIds, from: period.startDate, to: period.endDate });

    const skipped: SkippedOccurrence[] = [];
    const rows: NewShiftRow[] = [];
    const range = { from: period.startDate, to: period.endDate };
    for (const pattern of patterns) {
      const member = members.get(pattern.userId);
      const patternType = typeById.get(pattern.shiftTypeId ?? "");
      const shiftStart = patternType && {
        startLocal: patternType.startLocal,
        timeZone: team.timeZone,
      };
      // A saved rule can stop parsing after it was saved: an UNTIL with a time is read against
      // the shift type's start, which a manager may have moved since. Such a pattern gives no
      // dates and says why; it must not stop the other patterns (or answer 500).
      let dates: ReturnType<typeof occurrences>;
      try {
        dates = occurrences(pattern, range, shiftStart);
      } catch (error) {
        skipped.push({
          name: member?.name ?? "A former member",
          date: pattern.startDate ?? range.from,
          code: patternType?.code ?? "?",
          reason: `its repeat rule no longer works (${error instanceof Error ? error.message : String(error)}); edit the pattern`,
        });
        continue;
      }
      for (const occurrence of dates) {
        if (made.has(`${pattern.id}|${occurrence.date}`)) continue;
        const type = occurrence.shiftTypeId
          ? typeById.get(occurrence.shiftTypeId)
          : typeByCode.get(occurrence.code ?? "");
        const code = type?.code ?? occurrence.code ?? "?";
        const skip = (reason: string) =>
          skipped.push({
            name: member?.name ?? "A former member",
            date: occurrence.date,
            code,
            reason,
          });
        if (!member || member.deactivatedAt) {
          skip("not an active member of the team");
          continue;
        }
        if (!type || type.archivedAt) {
          skip(`no current shift type ${code}`);
          continue;
        }
        if (leaveOn(leave, pattern.userId, occurrence.date)) {
          skip("on leave");
          continue;
        }
        const { start, end } = shiftInstants(occurrence.date, type, team.timeZone);
        const mine = busy.get(pattern.userId) ?? [];
        const clash = mine.find((b) => b.start < end.getTime() && b.end > start.getTime());
        if (clash) {
          skip(`already works ${clash.code} then`);
          continue;
        }
        mine.push({
          userId: pattern.userId,
          start: start.getTime(),
          end: end.getTime(),
          code,
          date: occurrence.date,
        });
        busy.set(pattern.userId, mine);
        rows.push({
          teamId: team.id,
          rotaPeriodId: period.id,
          shiftTypeId: type.id,
          userId: pattern.userId,
          date: occurrence.date,
          startsAt: start,
          endsAt: end,
          patternId: pattern.id,
          patternDate: occurrence.date,
          now,
        });
      }
    }
    insertShiftRows(rows);
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "rota_pattern.applied",
      targetType: "rota_period",
      targetId: period.id,
      ipAddress,
      detail: { teamId: team.id, added: rows.length, skipped: skipped.length },
    });
    skipped.sort((a, b) => a.date.localeCompare(b.date) || a.name.localeCompare(b.name));
    return { added: rows.length, skipped };
  });
}
