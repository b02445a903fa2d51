import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { type Confirmation, ConfirmButton, ConfirmStep } from "~/components/confirm";
import { CheckboxField, ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ToastBanner } from "~/components/toast";
import {
  getTeamMember,
  removeMembership,
  setAccountActive,
  signOutEverywhere,
  updateMembership,
} from "~/models/accounts/members.server";
import { upcomingShiftCount } from "~/models/rota/shifts.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { askFirst, isConfirmed } from "~/web/confirm";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const member = getTeamMember({
    actor,
    teamId: params.teamId!,
    membershipId: params.membershipId!,
    ipAddress: context.clientAddress,
  });
  // Said before removing them from the team: these come off the rota.
  const upcomingShifts = upcomingShiftCount({
    teamId: member.team.id,
    userId: member.person.userId,
  });
  return { ...member, upcomingShifts };
}

const MemberActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("update"),
    role: z.enum(["staff", "manager"], { message: "Choose staff or manager." }),
    grade: z
      .string()
      .trim()
      .min(1, "Enter a grade or staff group, for example Band 5 RN.")
      .max(TEXT_LIMITS.grade, tooLongMessage("Grade", TEXT_LIMITS.grade)),
    skills: z
      .string()
      .max(TEXT_LIMITS.skills, tooLongMessage("Skills", TEXT_LIMITS.skills))
      .optional()
      .default(""),
    clinical: z.literal("yes").optional(),
  }),
  z.object({ intent: z.literal("remove") }),
  z.object({ intent: z.literal("sign-out-everywhere") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

/**
 * Removing a member, deactivating an account and signing them out everywhere act only when confirmed (docs/decisions/024);
 * without `confirmed=yes` they answer `askFirst` and change nothing. Successes redirect with a
 * toast saying what is now true.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const parsed = parseForm(MemberActionSchema, form);
  if (!parsed.ok) return { errors: parsed.errors, done: null, confirm: null };
  const teamId = params.teamId!;
  const membershipId = params.membershipId!;
  const ipAddress = context.clientAddress;
  const input = parsed.data;
  const here = `/team/${teamId}/members/${membershipId}`;
  if (
    (input.intent === "remove" ||
      input.intent === "deactivate" ||
      input.intent === "sign-out-everywhere") &&
    !isConfirmed(form)
  ) {
    // Someone who may not see the member gets the same 404 as for acting.
    getTeamMember({ actor, teamId, membershipId, ipAddress });
    return { errors: [], done: null, ...askFirst(input.intent) };
  }
  try {
    switch (input.intent) {
      case "update":
        updateMembership({
          actor,
          teamId,
          membershipId,
          fields: {
            role: input.role,
            grade: input.grade,
            skills: input.skills.split(","),
            clinical: input.clinical === "yes",
          },
          ipAddress,
        });
        throw redirectWithToast(request, here, { kind: "success", message: "Changes saved." });
      case "remove": {
        const { person, team } = getTeamMember({ actor, teamId, membershipId, ipAddress });
        removeMembership({ actor, teamId, membershipId, ipAddress });
        throw redirectWithToast(request, `/team/${teamId}`, {
          kind: "success",
          message: `${person.name} has been removed from ${team.name}, and their shifts from now on are off the rota.`,
        });
      }
      default: {
        const { person } = getTeamMember({ actor, teamId, membershipId, ipAddress });
        if (input.intent === "sign-out-everywhere") {
          const ended = signOutEverywhere({ actor, userId: person.userId, ipAddress });
          return {
            errors: [],
            confirm: null,
            done: `${person.name} was signed out of ${ended} ${ended === 1 ? "device" : "devices"}.`,
          };
        }
        setAccountActive({
          actor,
          userId: person.userId,
          active: input.intent === "reactivate",
          ipAddress,
        });
        throw redirectWithToast(request, here, {
          kind: "success",
          message:
            input.intent === "reactivate"
              ? `${person.name} can sign in again.`
              : `${person.name} is deactivated and signed out everywhere.`,
        });
      }
    }
  } catch (error) {
    return { errors: inputErrors(error), done: null, confirm: null };
  }
}

export default function Member() {
  const { team, membership, person, canActOnAccount, upcomingShifts } =
    useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
  const shifts = `${upcomingShifts} shift${upcomingShifts === 1 ? "" : "s"}`;
  const remove: Confirmation = {
    intent: "remove",
    label: `Remove from ${team.name}`,
    buttonClassName: "nhsuk-button nhsuk-button--warning",
    question: `Remove ${person.name} from ${team.name}?`,
    consequence: (
      <p>
        {upcomingShifts
          ? `Their ${shifts} from now on in ${team.name} will come off the rota (anyone on a published one is told of each change), and their patterns stop.`
          : `They have no shifts to come in ${team.name}; their patterns stop.`}{" "}
        They can no longer see the team. Their account stays.
      </p>
    ),
    confirmLabel: `Yes, remove ${person.name}`,
  };
  const deactivate: Confirmation = {
    intent: "deactivate",
    label: "Deactivate account",
    buttonClassName: "nhsuk-button nhsuk-button--warning",
    question: `Deactivate ${person.name}'s account?`,
    consequence: (
      <p>
        They are signed out of {person.sessionCount}{" "}
        {person.sessionCount === 1 ? "device" : "devices"} now and cannot sign in again until the
        account is reactivated. Their shifts stay on the rota but count as not worked until you give
        them to someone else.
      </p>
    ),
    confirmLabel: "Yes, deactivate the account",
  };
  const signOut: Confirmation = {
    intent: "sign-out-everywhere",
    label: "Sign out everywhere",
    question: `Sign ${person.name} out everywhere?`,
    consequence: (
      <p>
        {person.sessionCount} {person.sessionCount === 1 ? "device is" : "devices are"} signed out
        now, and alerts stop on every one of them: {person.name} signs in again on each device they
        still have. Use it for a lost or stolen phone.
      </p>
    ),
    confirmLabel: "Yes, sign out everywhere",
  };
  return (
    <>
      <p>
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l">{person.name}</h1>
      <p className="nhsuk-body-s">
        {person.email}
        {person.isOrgAdmin ? <span className="baton-tag">Administrator</span> : null}
        {person.deactivatedAt ? (
          <span className="baton-tag baton-tag--warning">Deactivated</span>
        ) : null}
      </p>
      {actionData?.done ? (
        <ToastBanner toast={{ kind: "success", message: actionData.done }} />
      ) : null}
      <ErrorSummary errors={errors ?? []} />
      <ConfirmStep asking={actionData?.confirm} confirmations={[remove, deactivate, signOut]} />
      <section className="baton-card" aria-labelledby="in-team">
        <h2 className="nhsuk-heading-m" id="in-team">
          In {team.name}
        </h2>
        <Form method="post" noValidate>
          <input type="hidden" name="intent" value="update" />
          <SelectField
            id="role"
            name="role"
            label="Role"
            defaultValue={membership.role}
            error={fieldError(errors, "role")}
          >
            <option value="staff">Staff</option>
            <option value="manager">Manager</option>
          </SelectField>
          <TextField
            id="grade"
            maxLength={TEXT_LIMITS.grade}
            name="grade"
            label="Grade or staff group"
            defaultValue={membership.grade}
            error={fieldError(errors, "grade")}
            required
          />
          <TextField
            id="skills"
            maxLength={TEXT_LIMITS.skills}
            name="skills"
            label="Skills"
            hint="Separate with commas"
            defaultValue={membership.skills.join(", ")}
          />
          <CheckboxField
            id="clinical"
            name="clinical"
            value="yes"
            defaultChecked={membership.clinical}
            label="Clinical role"
          />
          <button className="nhsuk-button" type="submit">
            Save changes
          </button>
        </Form>
      </section>
      {canActOnAccount ? (
        <section className="baton-card" aria-labelledby="account">
          <h2 className="nhsuk-heading-m" id="account">
            Account
          </h2>
          <p>
            Signed in on {person.sessionCount} {person.sessionCount === 1 ? "device" : "devices"}.
            If a phone is lost or stolen, sign them out everywhere: every device has to sign in
            again.
          </p>
          <div className="baton-row">
            <ConfirmButton confirmation={signOut} />
            {person.deactivatedAt ? (
              <Form method="post">
                <input type="hidden" name="intent" value="reactivate" />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                  Reactivate account
                </button>
              </Form>
            ) : (
              <ConfirmButton confirmation={deactivate} />
            )}
          </div>
        </section>
      ) : null}
      {canActOnAccount ? (
        <PasswordResetSection
          href={`/team/${team.id}/members/${membership.id}/password-reset`}
          name={person.name}
        />
      ) : null}
      <ConfirmButton confirmation={remove} />
    </>
  );
}

/** A forgotten password: the reset link is made on a page of its own (account recovery). */
function PasswordResetSection({ href, name }: { href: string; name: string }) {
  return (
    <section className="baton-card" aria-labelledby="password">
      <h2 className="nhsuk-heading-m" id="password">
        Password
      </h2>
      <p>
        If {name} has forgotten their password, make a single-use link for them to choose a new one.
      </p>
      <p>
        <Link to={href}>Make a password reset link</Link>
      </p>
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Member"} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
