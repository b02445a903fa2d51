import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CheckboxField, ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import {
  getTeamMember,
  removeMembership,
  setAccountActive,
  signOutEverywhere,
  updateMembership,
} from "~/models/accounts/members.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return getTeamMember({
    actor,
    teamId: params.teamId!,
    membershipId: params.membershipId!,
    ipAddress: context.clientAddress,
  });
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

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(MemberActionSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors, done: null };
  const teamId = params.teamId!;
  const membershipId = params.membershipId!;
  const ipAddress = context.clientAddress;
  const input = parsed.data;
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
        return { errors: [], done: "Changes saved." };
      case "remove":
        removeMembership({ actor, teamId, membershipId, ipAddress });
        throw redirect(`/team/${teamId}`);
      default: {
        const { person } = getTeamMember({ actor, teamId, membershipId, ipAddress });
        if (input.intent === "sign-out-everywhere") {
          const ended = signOutEverywhere({ actor, userId: person.userId, ipAddress });
          return {
            errors: [],
            done: `${person.name} was signed out of ${ended} ${ended === 1 ? "device" : "devices"}.`,
          };
        }
        setAccountActive({
          actor,
          userId: person.userId,
          active: input.intent === "reactivate",
          ipAddress,
        });
        return {
          errors: [],
          done:
            input.intent === "reactivate"
              ? `${person.name} can sign in again.`
              : `${person.name} is deactivated and signed out everywhere.`,
        };
      }
    }
  } catch (error) {
    return { errors: inputErrors(error), done: null };
  }
}

export default function Member() {
  const { team, membership, person, canActOnAccount } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData?.errors;
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
        <div className="nhsuk-inset-text" role="status">
          <p>{actionData.done}</p>
        </div>
      ) : null}
      <ErrorSummary errors={errors ?? []} />
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
            <Form method="post">
              <input type="hidden" name="intent" value="sign-out-everywhere" />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                Sign out everywhere
              </button>
            </Form>
            <Form method="post">
              <input
                type="hidden"
                name="intent"
                value={person.deactivatedAt ? "reactivate" : "deactivate"}
              />
              <button
                className={`nhsuk-button ${person.deactivatedAt ? "nhsuk-button--secondary" : "nhsuk-button--warning"}`}
                type="submit"
              >
                {person.deactivatedAt ? "Reactivate account" : "Deactivate account"}
              </button>
            </Form>
          </div>
        </section>
      ) : null}
      {canActOnAccount ? (
        <PasswordResetSection
          href={`/team/${team.id}/members/${membership.id}/password-reset`}
          name={person.name}
        />
      ) : null}
      <Form method="post">
        <input type="hidden" name="intent" value="remove" />
        <button className="nhsuk-button nhsuk-button--warning" type="submit">
          Remove from {team.name}
        </button>
      </Form>
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
