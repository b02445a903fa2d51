import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
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
import { askFirst, isConfirmed } from "~/web/confirm";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import type { Toast } from "~/web/toast";
import { redirectWithToast } from "~/web/toast.server";

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
    decisionReason: string;
  }) => ({
    id: row.id,
    kind: LEAVE_KINDS[row.kind],
    dates: describeLeaveDates(row.startDate, row.endDate),
    status: row.status,
    note: row.note,
    // A declined request says why, to the person and the team's managers.
    reason: row.status === "declined" ? row.decisionReason : "",
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
  z.object({ intent: z.enum(["approve", "cancel"]), leaveId: z.string().min(1) }),
  z.object({
    intent: z.literal("decline"),
    leaveId: z.string().min(1),
    reason: z
      .string()
      .max(
        TEXT_LIMITS.leaveDecisionReason,
        tooLongMessage("The reason", TEXT_LIMITS.leaveDecisionReason),
      )
      .optional()
      .default(""),
  }),
]);

/**
 * Requesting, deciding and cancelling leave, and recording sickness. Declining (it needs a
 * reason, which the person sees) and cancelling act only when confirmed (docs/decisions/024).
 * Each success redirects back here with a toast, so the request form is empty again and a second
 * tap cannot send the same request twice.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(LeaveActionSchema, form);
  const none = { done: null, confirm: null };
  if (!parsed.ok) {
    // A refused reason is asked for again, in the confirmation step, beside its error.
    const leaveId = form.get("leaveId");
    const asking =
      form.get("intent") === "decline" && typeof leaveId === "string" && leaveId
        ? askFirst("decline", { leaveId })
        : {};
    return { ...none, errors: parsed.errors, ...asking };
  }
  const teamId = params.teamId!;
  const ipAddress = context.clientAddress;
  const input = parsed.data;
  const here = `/team/${teamId}/leave`;
  const done = (toast: Omit<Toast, "kind">) =>
    redirectWithToast(request, here, { kind: "success", ...toast });
  if ((input.intent === "decline" || input.intent === "cancel") && !isConfirmed(form))
    return { ...none, errors: [], ...askFirst(input.intent, { leaveId: input.leaveId }) };
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
        throw done({
          message: `${LEAVE_KINDS[input.kind]} requested for ${describeLeaveDates(input.startDate, input.endDate)}. Your manager has been told.`,
        });
      case "record-sickness": {
        let affected: { shiftId: string; label: string }[];
        try {
          affected = recordSickness({
            actor,
            teamId,
            userId: input.userId,
            startDate: input.startDate,
            endDate: input.endDate,
            ipAddress,
          }).shiftsAffected;
        } catch (error) {
          // The sickness form's date fields have their own ids on this page.
          const renamed: Record<string, string> = { startDate: "sickStart", endDate: "sickEnd" };
          const errors = inputErrors(error).map((e) => ({
            ...e,
            field: e.field ? (renamed[e.field] ?? e.field) : undefined,
          }));
          return { ...none, errors };
        }
        throw done(withShiftsToMove("Sickness recorded.", teamId, affected));
      }
      case "cancel":
        cancelLeave({ actor, teamId, leaveId: input.leaveId, ipAddress });
        throw done({ message: "Leave cancelled." });
      case "decline":
        try {
          decideLeave({
            actor,
            teamId,
            leaveId: input.leaveId,
            decision: "declined",
            reason: input.reason,
            ipAddress,
          });
        } catch (error) {
          // Still asking: the reason is given in the confirmation, so its error shows there.
          return {
            ...none,
            errors: inputErrors(error),
            ...askFirst("decline", { leaveId: input.leaveId }),
          };
        }
        throw done({ message: "Leave declined. They have been told, with your reason." });
      case "approve": {
        const { shiftsAffected } = decideLeave({
          actor,
          teamId,
          leaveId: input.leaveId,
          decision: "approved",
          ipAddress,
        });
        throw done(
          withShiftsToMove("Leave approved. They have been told.", teamId, shiftsAffected),
        );
      }
    }
  } catch (error) {
    return { ...none, errors: inputErrors(error) };
  }
}

/**
 * What the manager must still do on the rota after leave lands on shifts already there: the
 * toast names how many and links to each shift's page, where it is given to someone else.
 */
function withShiftsToMove(
  first: string,
  teamId: string,
  shifts: { shiftId: string; label: string }[],
): Omit<Toast, "kind"> {
  if (shifts.length === 0) return { message: first };
  const one = shifts.length === 1;
  return {
    message: `${first} ${one ? "One shift falls" : `${shifts.length} shifts fall`} in that time: ${
      one ? "it no longer counts" : "they no longer count"
    } towards cover. Give ${one ? "it" : "each"} to someone else:`,
    links: shifts
      .slice(0, 12)
      .map((s) => ({ to: `/team/${teamId}/shifts/${s.shiftId}`, label: s.label })),
  };
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
          {item.reason ? (
            <span className="baton-list__meta">Declined because: “{item.reason}”</span>
          ) : null}
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

/** Declining asks for a reason, which the person sees. */
function declineLeave(item: Shown, error: string | undefined): Confirmation {
  return {
    intent: "decline",
    fields: { leaveId: item.id },
    label: (
      <>
        Decline<span className="nhsuk-u-visually-hidden"> {`${item.name}, ${item.dates}`}</span>
      </>
    ),
    buttonClassName: "nhsuk-button nhsuk-button--small nhsuk-button--secondary",
    formClassName: "baton-inline-form",
    question: `Decline ${item.name}'s ${item.kind.toLowerCase()}?`,
    consequence: (
      <p>
        {item.dates}. {item.name} is told it is declined, with your reason.
      </p>
    ),
    inputs: (where) => (
      <TextField
        id={where === "step" ? "reason" : `reason-${item.id}`}
        name="reason"
        label={`Reason (${item.name} sees this)`}
        maxLength={TEXT_LIMITS.leaveDecisionReason}
        error={where === "step" ? error : undefined}
        required
      />
    ),
    confirmLabel: "Decline with this reason",
  };
}

/** Cancelling one's own leave asks first: it cannot be taken back, only asked for again. */
function cancelLeaveConfirmation(item: Shown): Confirmation {
  const approved = item.status === "approved";
  return {
    intent: "cancel",
    fields: { leaveId: item.id },
    label: (
      <>
        Cancel<span className="nhsuk-u-visually-hidden"> {`${item.kind}, ${item.dates}`}</span>
      </>
    ),
    buttonClassName: "nhsuk-button nhsuk-button--small nhsuk-button--secondary",
    formClassName: "baton-inline-form",
    question: `Cancel your ${item.kind.toLowerCase()}?`,
    consequence: (
      <p>
        {item.dates}.{" "}
        {approved
          ? "It was approved: cancelled, those days are working days again on the rota."
          : "Your request is withdrawn before your manager decides it."}{" "}
        To take the leave after all, you would ask again.
      </p>
    ),
    confirmLabel: approved ? "Yes, cancel my leave" : "Yes, withdraw my request",
  };
}

export default function Leave() {
  const { team, today, isMember, mine, pending, upcoming, members } =
    useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  // Each form starts empty again once what it made is listed (a new request in "Your leave",
  // new sickness in the team's leave), but keeps what was typed when it was refused. The button
  // waits while a request is on its way, so a second tap sends nothing twice.
  const requestFormKey = mine.map((m) => m.id).join();
  const sicknessFormKey = upcoming.map((u) => u.id).join();
  const navigation = useNavigation();
  const requesting =
    navigation.state === "submitting" && navigation.formData?.get("intent") === "request";
  const reasonError = fieldError(errors, "reason");
  const confirmations = [
    ...pending.map((item) => declineLeave(item, reasonError)),
    ...mine.filter((item) => item.canCancel).map(cancelLeaveConfirmation),
  ];
  return (
    <>
      <p>
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l">Leave</h1>
      <ErrorSummary errors={errors ?? []} />
      <ConfirmStep asking={actionData?.confirm} confirmations={confirmations} />
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
                <ConfirmButton confirmation={declineLeave(item, undefined)} />
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
          <Form method="post" noValidate key={requestFormKey}>
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
            <button className="nhsuk-button" type="submit" disabled={requesting}>
              {requesting ? "Sending request…" : "Request leave"}
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
              item.canCancel ? <ConfirmButton confirmation={cancelLeaveConfirmation(item)} /> : null
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
            <Form method="post" noValidate key={sicknessFormKey}>
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
