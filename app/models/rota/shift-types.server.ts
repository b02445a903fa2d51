// A team's shift types. Everyone in the team sees them (they label the rota); its managers and
// administrators create, change and archive them. Every change is audited.
import { and, asc, eq, isNull } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { inList, jsonList, preparedOnce } from "~/db/prepared.server";
import { shiftTypes } from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeam, getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { refuse } from "../audit/refusals.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import { type CheckedShiftType, checkShiftType, type ShiftTypeInput } from "./shift-type-rules";

export function listShiftTypes({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeam({ actor, teamId, ipAddress });
  const rows = getDb()
    .select()
    .from(shiftTypes)
    .where(eq(shiftTypes.teamId, team.id))
    .orderBy(asc(shiftTypes.startLocal), asc(shiftTypes.code))
    .all();
  return { team, shiftTypes: rows };
}

function checked(input: ShiftTypeInput): CheckedShiftType {
  const result = checkShiftType(input);
  if (!result.ok) {
    const first = result.errors[0]!;
    throw new InputError(first.message, first.field);
  }
  return result.value;
}

function assertCodeFree(teamId: string, code: string, exceptId?: string) {
  const clash = getDb()
    .select({ id: shiftTypes.id, archivedAt: shiftTypes.archivedAt })
    .from(shiftTypes)
    .where(and(eq(shiftTypes.teamId, teamId), eq(shiftTypes.code, code)))
    .get();
  if (clash && clash.id !== exceptId) {
    throw new InputError(
      clash.archivedAt
        ? `An archived shift type already uses the code ${code}: restore it, or choose another code.`
        : `The code ${code} is already used by another shift type in this team.`,
      "code",
    );
  }
}

export function createShiftType({
  actor,
  teamId,
  input,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  input: ShiftTypeInput;
  ipAddress?: string;
}): { shiftTypeId: string } {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const value = checked(input);
  const db = getDb();
  return writeTransaction(() => {
    assertCodeFree(team.id, value.code);
    const shiftTypeId = newId();
    db.insert(shiftTypes)
      .values({ id: shiftTypeId, teamId: team.id, ...value })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "shift_type.created",
      targetType: "shift_type",
      targetId: shiftTypeId,
      ipAddress,
      detail: { teamId: team.id, ...value },
    });
    return { shiftTypeId };
  });
}

/** One shift type of a team the actor manages; anything else is the same 404. */
function shiftTypeToManage(actor: Actor, teamId: string, shiftTypeId: string, ipAddress?: string) {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const row = getDb()
    .select()
    .from(shiftTypes)
    .where(and(eq(shiftTypes.id, shiftTypeId), eq(shiftTypes.teamId, team.id)))
    .get();
  if (!row) {
    throw refuse(actor, {
      attempted: "shift_type.manage",
      targetType: "shift_type",
      targetId: shiftTypeId,
      ipAddress,
    });
  }
  return row;
}

export function getShiftTypeToManage({
  actor,
  teamId,
  shiftTypeId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftTypeId: string;
  ipAddress?: string;
}) {
  return shiftTypeToManage(actor, teamId, shiftTypeId, ipAddress);
}

export function updateShiftType({
  actor,
  teamId,
  shiftTypeId,
  input,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftTypeId: string;
  input: ShiftTypeInput;
  ipAddress?: string;
}): void {
  const before = shiftTypeToManage(actor, teamId, shiftTypeId, ipAddress);
  const value = checked(input);
  const db = getDb();
  writeTransaction(() => {
    assertCodeFree(before.teamId, value.code, before.id);
    db.update(shiftTypes).set(value).where(eq(shiftTypes.id, before.id)).run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "shift_type.updated",
      targetType: "shift_type",
      targetId: before.id,
      ipAddress,
      detail: {
        teamId: before.teamId,
        before: {
          code: before.code,
          name: before.name,
          startLocal: before.startLocal,
          endLocal: before.endLocal,
          paidBreakMinutes: before.paidBreakMinutes,
          requirements: before.requirements,
        },
        after: value,
      },
    });
  });
}

export function setShiftTypeArchived({
  actor,
  teamId,
  shiftTypeId,
  archived,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  shiftTypeId: string;
  archived: boolean;
  ipAddress?: string;
}): void {
  const row = shiftTypeToManage(actor, teamId, shiftTypeId, ipAddress);
  const db = getDb();
  writeTransaction(() => {
    db.update(shiftTypes)
      .set({ archivedAt: archived ? new Date() : null })
      .where(eq(shiftTypes.id, row.id))
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: archived ? "shift_type.archived" : "shift_type.restored",
      targetType: "shift_type",
      targetId: row.id,
      ipAddress,
      detail: { teamId: row.teamId, code: row.code },
    });
  });
}

/**
 * The shift types a team offers for new shifts (not archived), earliest start first. No
 * permission check: for models that have already checked the team.
 */
export function currentShiftTypes(teamId: string) {
  return getDb()
    .select()
    .from(shiftTypes)
    .where(and(eq(shiftTypes.teamId, teamId), isNull(shiftTypes.archivedAt)))
    .orderBy(asc(shiftTypes.startLocal), asc(shiftTypes.code))
    .all();
}

const namesOfShiftTypes = preparedOnce((db) =>
  db
    .select({ id: shiftTypes.id, name: shiftTypes.name })
    .from(shiftTypes)
    .where(inList(shiftTypes.id, "ids"))
    .prepare(),
);

/**
 * Shift types' names by id ("Night"), for titles such as a shift thread's "Night, Tue 3 Dec".
 * No permission check: callers pass ids from rows the actor may already see.
 */
export function shiftTypeNames(ids: Iterable<string>): Map<string, string> {
  const list = jsonList(ids);
  if (list === "[]") return new Map();
  return new Map(
    namesOfShiftTypes()
      .all({ ids: list })
      .map((t) => [t.id, t.name]),
  );
}
