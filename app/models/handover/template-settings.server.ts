// A team's handover templates: which one new handovers use (SBAR, I-PASS or one of the team's
// own), and the team's custom templates. Managers and administrators change them; a handover
// keeps the snapshot it started with, so a change here never alters one already written.
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { getDb, writeTransaction } from "~/db/connection.server";
import { preparedOnce } from "~/db/prepared.server";
import {
  type HandoverTemplateSnapshot,
  handoverTemplates,
  teamHandoverSettings,
} from "~/db/schema.server";
import type { Actor } from "../accounts/permissions";
import { getTeamToManage } from "../accounts/teams.server";
import { recordAudit } from "../audit/audit.server";
import { InputError } from "../errors";
import { newId } from "../ids.server";
import {
  checkTemplateDraft,
  DEFAULT_TEMPLATE_ID,
  type FieldDraft,
  isPresetId,
  PRESET_TEMPLATES,
} from "./templates";

const settingOfTeam = preparedOnce((db) =>
  db
    .select()
    .from(teamHandoverSettings)
    .where(eq(teamHandoverSettings.teamId, sql.placeholder("teamId")))
    .prepare(),
);

function customTemplate(teamId: string, templateId: string) {
  return getDb()
    .select()
    .from(handoverTemplates)
    .where(and(eq(handoverTemplates.id, templateId), eq(handoverTemplates.teamId, teamId)))
    .get();
}

/**
 * The template a handover started now takes, as a snapshot: the team's choice, or I-PASS when
 * the team has chosen none (or its choice has since been archived). No permission check.
 */
export function templateForNewHandover(teamId: string): HandoverTemplateSnapshot {
  const chosen = settingOfTeam().get({ teamId })?.templateId ?? DEFAULT_TEMPLATE_ID;
  if (isPresetId(chosen)) return structuredClone(PRESET_TEMPLATES[chosen]);
  const custom = customTemplate(teamId, chosen);
  if (!custom || custom.archivedAt) return structuredClone(PRESET_TEMPLATES[DEFAULT_TEMPLATE_ID]);
  return { id: custom.id, name: custom.name, fields: custom.fields };
}

/** The settings page: the presets, the team's templates and which one is in use. Managers only. */
export function handoverTemplatesToManage({
  actor,
  teamId,
  ipAddress,
}: {
  actor: Actor;
  teamId: string;
  ipAddress?: string;
}) {
  const team = getTeamToManage({ actor, teamId, ipAddress });
  const custom = getDb()
    .select()
    .from(handoverTemplates)
    .where(and(eq(handoverTemplates.teamId, team.id), isNull(handoverTemplates.archivedAt)))
    .orderBy(asc(handoverTemplates.name))
    .all();
  return {
    team: { id: team.id, name: team.name },
    inUse: templateForNewHandover(team.id).id,
    templates: [
      PRESET_TEMPLATES.ipass,
      PRESET_TEMPLATES.sbar,
      ...custom.map((t) => ({ id: t.id, name: t.name, fields: t.fields })),
    ],
  };
}

/** Chooses the template the team's new handovers use. */
export function chooseHandoverTemplate({
  actor,
  teamId,
  templateId,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  teamId: string;
  templateId: string;
  ipAddress?: string;
  now?: Date;
}): void {
  writeTransaction(() => {
    const team = getTeamToManage({ actor, teamId, ipAddress });
    if (!isPresetId(templateId)) {
      const custom = customTemplate(team.id, templateId);
      if (!custom || custom.archivedAt)
        throw new InputError("Choose one of the team's templates.", "templateId");
    }
    getDb()
      .insert(teamHandoverSettings)
      .values({ teamId: team.id, templateId, updatedByUserId: actor.userId, updatedAt: now })
      .onConflictDoUpdate({
        target: teamHandoverSettings.teamId,
        set: { templateId, updatedByUserId: actor.userId, updatedAt: now },
      })
      .run();
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: "handover_template.chosen",
      targetType: "team",
      targetId: team.id,
      ipAddress,
      detail: { templateId },
    });
  });
}

/**
 * Saves a custom template: a new one when `templateId` is null, else the team's template with
 * that id. Handovers already started keep the fields they started with.
 *
 * @returns the template's id.
 */
export function saveHandoverTemplate({
  actor,
  teamId,
  templateId = null,
  name,
  fields,
  ipAddress,
  now = new Date(),
}: {
  actor: Actor;
  teamId: string;
  templateId?: string | null;
  name: string;
  fields: FieldDraft[];
  ipAddress?: string;
  now?: Date;
}): { templateId: string } {
  return writeTransaction(() => {
    const team = getTeamToManage({ actor, teamId, ipAddress });
    const checked = checkTemplateDraft({ name, fields });
    let id = templateId;
    if (id) {
      const existing = customTemplate(team.id, id);
      if (!existing || existing.archivedAt)
        throw new InputError("That template is not one of the team's.");
      getDb()
        .update(handoverTemplates)
        .set({ name: checked.name, fields: checked.fields, updatedAt: now })
        .where(eq(handoverTemplates.id, id))
        .run();
    } else {
      id = newId();
      getDb()
        .insert(handoverTemplates)
        .values({
          id,
          teamId: team.id,
          name: checked.name,
          fields: checked.fields,
          createdByUserId: actor.userId,
          createdAt: now,
          updatedAt: now,
        })
        .run();
    }
    recordAudit({
      organisationId: actor.organisationId,
      actorUserId: actor.userId,
      action: templateId ? "handover_template.updated" : "handover_template.created",
      targetType: "handover_template",
      targetId: id,
      ipAddress,
      detail: { teamId: team.id },
    });
    return { templateId: id };
  });
}
