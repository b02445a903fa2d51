import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
import { ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import {
  type PushReach,
  pushReachOf,
  setUrgentRepeatMinutes,
  urgentRepeatMinutesOf,
} from "~/messaging/push/reachability.server";
import { listPendingInvitations, revokeInvitation } from "~/models/accounts/invitations.server";
import { listTeamMembers } from "~/models/accounts/members.server";
import { updateTeam } from "~/models/accounts/teams.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { timeZoneChoices } from "~/models/time-zones";
import { askFirst, isConfirmed } from "~/web/confirm";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const { team, members } = listTeamMembers({
    actor,
    teamId: params.teamId!,
    ipAddress: context.clientAddress,
  });
  // Only what the page shows (docs/permissions.md: names, grades, roles): no email addresses,
  // account ids or flags, which would reach every member's browser in the page's data.
  // Managers also see each member's last successful push (issue 13: who can be reached).
  const reach = team.canManage ? pushReachOf(members.map((m) => m.userId)) : new Map();
  return {
    team: { id: team.id, name: team.name, timeZone: team.timeZone, canManage: team.canManage },
    members: members.map((m) => ({
      // Managers open a member's page by its membership id; staff have no use for it.
      membershipId: team.canManage ? m.membershipId : null,
      name: m.name,
      role: m.role,
      grade: m.grade,
      skills: m.skills,
      clinical: m.clinical,
      deactivated: m.deactivatedAt !== null,
      ...(team.canManage ? { lastPush: pushSummary(reach.get(m.userId), team.timeZone) } : {}),
    })),
    urgentRepeatMinutes: team.canManage ? urgentRepeatMinutesOf(team.id) : null,
    invitations: listPendingInvitations({ actor, teamId: team.id }),
    canEditTeam: actor.isOrgAdmin,
    timeZones: actor.isOrgAdmin ? timeZoneChoices() : [],
  };
}

const TeamActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update-team"),
    name: z
      .string()
      .trim()
      .min(2, "Enter the team's name.")
      .max(TEXT_LIMITS.teamName, tooLongMessage("Team name", TEXT_LIMITS.teamName)),
    timeZone: z.string(),
  }),
  z.object({ intent: z.literal("revoke-invitation"), invitationId: z.string().min(1) }),
  z.object({
    intent: z.literal("urgent-repeat"),
    urgentRepeatMinutes: z.coerce.number({ message: "Enter a number of minutes." }),
  }),
]);

/** "Alerts last delivered 3 Dec, 14:02", "Alerts on, none delivered yet", "No alerts on". */
function pushSummary(reach: PushReach | undefined, timeZone: string): string {
  if (!reach) return "No alerts on";
  if (!reach.lastSuccessAt) return "Alerts on, none delivered yet";
  const when = reach.lastSuccessAt.toLocaleString("en-GB", {
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone,
  });
  return `Alerts last delivered ${when}${reach.working ? "" : ", failing since then"}`;
}

/** Withdrawing an invitation (its link stops working) acts only when confirmed (decision 024). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(TeamActionSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, confirm: null };
  const ipAddress = context.clientAddress;
  const input = parsed.data;
  if (input.intent === "revoke-invitation" && !isConfirmed(form))
    return { errors: [], ...askFirst(input.intent, { invitationId: input.invitationId }) };
  let message: string;
  try {
    if (input.intent === "update-team") {
      updateTeam({
        actor,
        teamId: params.teamId!,
        name: input.name,
        timeZone: input.timeZone,
        ipAddress,
      });
      message = "Team details saved.";
    } else if (input.intent === "urgent-repeat") {
      setUrgentRepeatMinutes({
        actor,
        teamId: params.teamId!,
        minutes: input.urgentRepeatMinutes,
        ipAddress,
      });
      message = `Saved: an urgent message nobody has acknowledged alerts again every ${input.urgentRepeatMinutes} minutes.`;
    } else {
      revokeInvitation({ actor, invitationId: input.invitationId, ipAddress });
      message = "Invitation withdrawn: its link no longer works.";
    }
  } catch (error) {
    return { errors: inputErrors(error), confirm: null };
  }
  throw redirectWithToast(request, `/team/${params.teamId}`, { kind: "success", message });
}

export default function Team() {
  const { team, members, invitations, canEditTeam, timeZones, urgentRepeatMinutes } =
    useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  const withdraw = (invitation: { id: string; email: string }): Confirmation => ({
    intent: "revoke-invitation",
    fields: { invitationId: invitation.id },
    label: (
      <>
        Withdraw invitation
        <span className="nhsuk-u-visually-hidden"> for {invitation.email}</span>
      </>
    ),
    buttonClassName: "nhsuk-button nhsuk-button--secondary nhsuk-button--small",
    formClassName: "baton-inline-form",
    question: `Withdraw the invitation for ${invitation.email}?`,
    consequence: (
      <p>
        The link you gave them stops working at once. To add them later, you would invite them
        again.
      </p>
    ),
    confirmLabel: "Yes, withdraw it",
  });
  const managers = members.filter((m) => m.role === "manager");
  const staff = members.filter((m) => m.role === "staff");
  return (
    <>
      <h1 className="nhsuk-heading-l">{team.name}</h1>
      <p className="nhsuk-body-s">
        {members.length} {members.length === 1 ? "person" : "people"} · times shown in{" "}
        {team.timeZone}
      </p>
      <ErrorSummary errors={errors ?? []} />
      <ConfirmStep
        asking={actionData && "confirm" in actionData ? actionData.confirm : null}
        confirmations={team.canManage ? invitations.map(withdraw) : []}
      />
      <div className="baton-row">
        <Link className="nhsuk-button" to={`/team/${team.id}/rota`}>
          Rota
        </Link>
        {team.canManage ? (
          <Link className="nhsuk-button nhsuk-button--secondary" to={`/team/${team.id}/invite`}>
            Add a person
          </Link>
        ) : null}
        <Link className="nhsuk-button nhsuk-button--secondary" to={`/team/${team.id}/shift-types`}>
          Shift types
        </Link>
        <Link className="nhsuk-button nhsuk-button--secondary" to={`/team/${team.id}/leave`}>
          Leave
        </Link>
        <Link className="nhsuk-button nhsuk-button--secondary" to="/swaps">
          Swaps
        </Link>
        {team.canManage ? (
          <Link
            className="nhsuk-button nhsuk-button--secondary"
            to={`/team/${team.id}/swap-settings`}
          >
            Swap settings
          </Link>
        ) : null}
      </div>
      <MemberList title="Managers" members={managers} teamId={team.id} canManage={team.canManage} />
      <MemberList title="Staff" members={staff} teamId={team.id} canManage={team.canManage} />
      {team.canManage && invitations.length ? (
        <section aria-labelledby="pending">
          <h2 className="nhsuk-heading-m" id="pending">
            Invitations not yet accepted
          </h2>
          <ul className="baton-list">
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                <span className="baton-list__title">{invitation.email}</span>
                <span className="baton-list__meta">
                  {invitation.role === "manager" ? "Manager" : "Staff"} · {invitation.grade} ·
                  expires{" "}
                  {new Date(invitation.expiresAt).toLocaleString("en-GB", {
                    timeZone: team.timeZone,
                    dateStyle: "medium",
                    timeStyle: "short",
                  })}
                </span>
                <ConfirmButton confirmation={withdraw(invitation)} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {urgentRepeatMinutes !== null ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Urgent messages</span>
          </summary>
          <div className="nhsuk-details__text">
            <p>
              An urgent message that someone on shift has not acknowledged alerts them again, three
              times; then the manager on shift (or the team's managers) is told who has not seen it.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="urgent-repeat" />
              <TextField
                id="urgentRepeatMinutes"
                name="urgentRepeatMinutes"
                label="Alert again every (minutes)"
                hint="From 2 to 60."
                inputMode="numeric"
                defaultValue={String(urgentRepeatMinutes)}
                error={fieldError(errors, "urgentRepeatMinutes")}
              />
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                Save
              </button>
            </Form>
          </div>
        </details>
      ) : null}
      {canEditTeam ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Team details</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="update-team" />
              <TextField
                id="name"
                maxLength={TEXT_LIMITS.teamName}
                name="name"
                label="Team name"
                defaultValue={team.name}
                error={fieldError(errors, "name")}
                required
              />
              <SelectField
                id="timeZone"
                name="timeZone"
                label="Time zone"
                defaultValue={team.timeZone}
                error={fieldError(errors, "timeZone")}
              >
                {timeZones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone}
                  </option>
                ))}
              </SelectField>
              <button type="submit" className="nhsuk-button nhsuk-button--secondary">
                Save team details
              </button>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}

type Member = ReturnType<typeof useLoaderData<typeof loader>>["members"][number];

function MemberList({
  title,
  members,
  teamId,
  canManage,
}: {
  title: string;
  members: Member[];
  teamId: string;
  canManage: boolean;
}) {
  if (members.length === 0) return null;
  return (
    <section aria-label={title}>
      <h2 className="nhsuk-heading-m">{title}</h2>
      <ul className="baton-list">
        {members.map((member, index) => (
          <li key={member.membershipId ?? index}>
            {canManage && member.membershipId ? (
              <Link
                className="baton-list__title"
                to={`/team/${teamId}/members/${member.membershipId}`}
              >
                {member.name}
              </Link>
            ) : (
              <span className="baton-list__title">{member.name}</span>
            )}
            <span className="baton-list__meta">
              {member.grade}
              {member.skills.length ? ` · ${member.skills.join(", ")}` : ""}
              {member.clinical ? "" : " · non-clinical"}
              {member.deactivated ? (
                <span className="baton-tag baton-tag--warning">Deactivated</span>
              ) : null}
            </span>
            {member.lastPush ? <span className="baton-list__meta">{member.lastPush}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.team.name ?? "Team"} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
