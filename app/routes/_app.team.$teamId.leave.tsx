import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, PersonSelectField, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import {
  cancelLeave,
  decideLeave,
  leaveOverview,
  recordSickness,
  requestLeave,
} from "~/models/rota/leave.server";
import { canCancelLeave, describeLeaveDates, LEAVE_KINDS } from "~/models/rota/leave-rules";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const overview = leaveOverview({
    actor,
    teamId: params.teamId!,
    ipAddress: context.clientAddress,
  });
  const show = (row: {
    id: string;
    kind: keyof typeof LEAVE_KINDS;
    startDate: string;
    endDate: string;
    status: string;
    note: string;
  }) => ({
    id: row.id,
    kind: LEAVE_KINDS[row.kind],
    dates: describeLeaveDates(row.startDate, row.endDate),
    status: row.status,
    note: row.note,
    canCancel: canCancelLeave(row, overview.today),
  });
  return {
    team: { id: overview.team.id, name: overview.team.name, canManage: overview.team.canManage },
    today: overview.today,
    isMember: overview.isMember,
    mine: overview.mine.map(show),
    pending: overview.pending.map((r) => ({ ...show(r.leave), name: r.name })),
    upcoming: overview.upcoming.map((r) => ({ ...show(r.leave), name: r.name })),
    members: overview.members,
  };
}

const dates = {
  startDate: z
    .string({ required_error: "Enter the first day of leave." })
    .min(1, "Enter the first day of leave."),
  endDate: z
    .string({ required_error: "Enter the last day of leave." })
    .min(1, "Enter the last day of leave."),
};

const LeaveActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("request"),
    kind: z.enum(["annual", "study", "other"], { message: "Choose the kind of leave." }),
    ...dates,
    note: z
      .string()
      .max(TEXT_LIMITS.leaveNote, tooLongMessage("The note", TEXT_LIMITS.leaveNote))
      .optional()
      .default(""),
  }),
  z.object({
    intent: z.literal("record-sickness"),
    userId: z.string().min(1, "Choose who is off sick."),
    ...dates,
  }),
  z.object({ intent: z.enum(["approve", "decline", "cancel"]), leaveId: z.string().min(1) }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(LeaveActionSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors, done: null };
  const teamId = params.teamId!;
  const ipAddress = context.clientAddress;
  const input = parsed.data;
  try {
    switch (input.intent) {
      case "request":
        requestLeave({
          actor,
          teamId,
          kind: input.kind,
          startDate: input.startDate,
          endDate: input.endDate,
          note: input.note,
          ipAddress,
        });
        return { errors: [], done: "Leave requested. Your manager has been told." };
      case "record-sickness": {
        let moved: string[];
        try {
          moved = recordSickness({
            actor,
            teamId,
            userId: input.userId,
            startDate: input.startDate,
            endDate: input.endDate,
            ipAddress,
          }).shiftsToMove;
        } catch (error) {
          // The sickness form's date fields have their own ids on this page.
          const renamed: Record<string, string> = { startDate: "sickStart", endDate: "sickEnd" };
          const errors = inputErrors(error).map((e) => ({
            ...e,
            field: e.field ? (renamed[e.field] ?? e.field) : undefined,
          }));
          return { errors, done: null };
        }
        return { errors: [], done: `Sickness recorded.${shiftsToMoveNote(moved)}` };
      }
      case "cancel":
        cancelLeave({ actor, teamId, leaveId: input.leaveId, ipAddress });
        return { errors: [], done: "Leave cancelled." };
      default: {
        const { shiftsToMove } = decideLeave({
          actor,
          teamId,
          leaveId: input.leaveId,
          decision: input.intent === "approve" ? "approved" : "declined",
          ipAddress,
        });
        return {
          errors: [],
          done:
            input.intent === "approve"
              ? `Leave approved.${shiftsToMoveNote(shiftsToMove)}`
              : "Leave declined.",
        };
      }
    }
  } catch (error) {
    return { errors: inputErrors(error), done: null };
  }
}

/** What the manager must still do on the rota after leave lands on shifts already there. */
function shiftsToMoveNote(shifts: string[]): string {
  if (shifts.length === 0) return "";
  const list = shifts.join(", ");
  return ` ${shifts.length === 1 ? "One shift falls" : `${shifts.length} shifts fall`} in that time (${list}): ${shifts.length === 1 ? "it no longer counts" : "they no longer count"} towards cover. Give ${shifts.length === 1 ? "it" : "them"} to someone else on the rota.`;
}

type Shown = ReturnType<typeof useLoaderData<typeof loader>>["mine"][number] & { name?: string };

function LeaveList({
  items,
  actions,
}: {
  items: Shown[];
  actions: (item: Shown) => React.ReactNode;
}) {
  return (
    <ul className="baton-list">
      {items.map((item) => (
        <li key={item.id}>
          <span className="baton-list__title">
            {item.name ? `${item.name}: ` : ""}
            {item.kind}
            <span className={`baton-tag${item.status === "declined" ? " baton-tag--warning" : ""}`}>
              {item.status}
            </span>
          </span>
          <span className="baton-list__meta">{item.dates}</span>
          {item.note ? <span className="baton-list__meta">“{item.note}”</span> : null}
          <div className="baton-row">{actions(item)}</div>
        </li>
      ))}
    </ul>
  );
}

function ActionButton({
  intent,
  leaveId,
  label,
  hidden,
  warning,
}: {
  intent: string;
  leaveId: string;
  label: string;
  hidden: string;
  warning?: boolean;
}) {
  return (
    <Form method="post" className="baton-inline-form">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="leaveId" value={leaveId} />
      <button
        type="submit"
        className={`nhsuk-button nhsuk-button--small ${warning ? "nhsuk-button--secondary" : ""}`}
      >
        {label}
        <span className="nhsuk-u-visually-hidden"> {hidden}</span>
      </button>
    </Form>
  );
}

export default function Leave() {
  const { team, today, isMember, mine, pending, upcoming, members } =
    useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  return (
    <>
      <p>
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l">Leave</h1>
      {actionData?.done ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{actionData.done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      {team.canManage && pending.length ? (
        <section aria-labelledby="pending">
          <h2 className="nhsuk-heading-m" id="pending">
            Waiting for your decision
          </h2>
          <LeaveList
            items={pending}
            actions={(item) => (
              <>
                <ActionButton
                  intent="approve"
                  leaveId={item.id}
                  label="Approve"
                  hidden={`${item.name}, ${item.dates}`}
                />
                <ActionButton
                  intent="decline"
                  leaveId={item.id}
                  label="Decline"
                  hidden={`${item.name}, ${item.dates}`}
                  warning
                />
              </>
            )}
          />
        </section>
      ) : null}
      {isMember ? (
        <section className="baton-card" aria-labelledby="request">
          <h2 className="nhsuk-heading-m" id="request">
            Request leave
          </h2>
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="request" />
            <SelectField
              id="kind"
              name="kind"
              label="Kind of leave"
              defaultValue="annual"
              error={fieldError(errors, "kind")}
            >
              <option value="annual">Annual leave</option>
              <option value="study">Study leave</option>
              <option value="other">Other leave</option>
            </SelectField>
            <TextField
              id="startDate"
              name="startDate"
              type="date"
              label="First day"
              min={today}
              error={fieldError(errors, "startDate")}
              required
            />
            <TextField
              id="endDate"
              name="endDate"
              type="date"
              label="Last day"
              min={today}
              error={fieldError(errors, "endDate")}
              required
            />
            <TextField
              id="note"
              name="note"
              label="Note for your manager (optional)"
              hint="No medical details: tell your manager those in person."
              maxLength={TEXT_LIMITS.leaveNote}
              error={fieldError(errors, "note")}
            />
            <button className="nhsuk-button" type="submit">
              Request leave
            </button>
          </Form>
        </section>
      ) : null}
      {mine.length ? (
        <section aria-labelledby="mine">
          <h2 className="nhsuk-heading-m" id="mine">
            Your leave
          </h2>
          <LeaveList
            items={mine}
            actions={(item) =>
              item.canCancel ? (
                <ActionButton
                  intent="cancel"
                  leaveId={item.id}
                  label="Cancel"
                  hidden={`${item.kind}, ${item.dates}`}
                  warning
                />
              ) : null
            }
          />
        </section>
      ) : null}
      {team.canManage ? (
        <>
          <section aria-labelledby="upcoming">
            <h2 className="nhsuk-heading-m" id="upcoming">
              Approved leave in the team
            </h2>
            {upcoming.length ? (
              <LeaveList items={upcoming} actions={() => null} />
            ) : (
              <p>None from today on.</p>
            )}
          </section>
          <section className="baton-card" aria-labelledby="sickness">
            <h2 className="nhsuk-heading-m" id="sickness">
              Record sickness
            </h2>
            <p className="nhsuk-body-s">Only the person and the team's managers see sickness.</p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="record-sickness" />
              <PersonSelectField
                id="userId"
                label="Who is off sick"
                people={members}
                error={fieldError(errors, "userId")}
              />
              <TextField
                id="sickStart"
                name="startDate"
                type="date"
                label="First day off"
                defaultValue={today}
                error={fieldError(errors, "sickStart")}
              />
              <TextField
                id="sickEnd"
                name="endDate"
                type="date"
                label="Expected last day off"
                defaultValue={today}
                error={fieldError(errors, "sickEnd")}
              />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                Record sickness
              </button>
            </Form>
          </section>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Leave – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
