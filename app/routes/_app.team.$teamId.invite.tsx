import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";
import { CheckboxField, ErrorSummary, SelectField, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ShareLink } from "~/components/share-link";
import { invitationTtlHours, invitePerson } from "~/models/accounts/invitations.server";
import { getTeamToManage } from "~/models/accounts/teams.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { publicOrigin, requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const team = getTeamToManage({ actor, teamId: params.teamId!, ipAddress: context.clientAddress });
  return { team, canInviteAdmins: actor.isOrgAdmin, ttlHours: invitationTtlHours() };
}

const InviteSchema = z.object({
  email: z
    .string({ required_error: "Enter their email address." })
    .trim()
    .max(TEXT_LIMITS.email, tooLongMessage("Email address", TEXT_LIMITS.email))
    .email("Enter an email address like name@nhs.net."),
  role: z.enum(["staff", "manager"], { message: "Choose staff or manager." }),
  grade: z
    .string({ required_error: "Enter a grade or staff group." })
    .trim()
    .min(1, "Enter a grade or staff group, for example Band 5 RN.")
    .max(TEXT_LIMITS.grade, tooLongMessage("Grade", TEXT_LIMITS.grade)),
  skills: z
    .string()
    .max(TEXT_LIMITS.skills, tooLongMessage("Skills", TEXT_LIMITS.skills))
    .optional()
    .default(""),
  clinical: z.literal("yes").optional(),
  asOrgAdmin: z.literal("yes").optional(),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(InviteSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  const { email, role, grade, skills, clinical, asOrgAdmin } = parsed.data;
  try {
    const outcome = invitePerson({
      actor,
      email,
      teamId: params.teamId!,
      member: { role, grade, skills: skills.split(","), clinical: clinical === "yes" },
      asOrgAdmin: asOrgAdmin === "yes",
      ipAddress: context.clientAddress,
    });
    if (outcome.kind === "added")
      throw redirectWithToast(request, `/team/${params.teamId}`, {
        kind: "success",
        message: `${email} already has an account and has been added to the team.`,
      });
    const link = `${publicOrigin(request)}/invite/${outcome.token}`;
    const qrImage = await QRCode.toDataURL(link, {
      margin: 1,
      width: 440,
      errorCorrectionLevel: "M",
    });
    return { invited: { email, link, qrImage, expiresAt: outcome.expiresAt.toISOString() } };
  } catch (error) {
    return { errors: inputErrors(error) };
  }
}

export default function Invite() {
  const { team, canInviteAdmins, ttlHours } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const errors = actionData && "errors" in actionData ? actionData.errors : undefined;
  if (actionData && "invited" in actionData && actionData.invited) {
    return <InvitationLink teamId={team.id} timeZone={team.timeZone} {...actionData.invited} />;
  }
  return (
    <>
      <h1 className="nhsuk-heading-l">Add a person to {team.name}</h1>
      <p>
        If they already use Baton here they join the team straight away. Otherwise you get a link to
        pass on that works once and expires in {ttlHours} hours.
      </p>
      <ErrorSummary errors={errors ?? []} />
      <Form method="post" noValidate>
        <TextField
          id="email"
          maxLength={TEXT_LIMITS.email}
          name="email"
          type="email"
          label="Work email address"
          error={fieldError(errors, "email")}
          spellCheck={false}
          autoComplete="off"
          required
        />
        <SelectField
          id="role"
          name="role"
          label="Role in this team"
          defaultValue="staff"
          error={fieldError(errors, "role")}
        >
          <option value="staff">Staff</option>
          <option value="manager">Manager (builds the rota, manages the team)</option>
        </SelectField>
        <TextField
          id="grade"
          maxLength={TEXT_LIMITS.grade}
          name="grade"
          label="Grade or staff group"
          hint="For example Band 5 RN, HCA, FY1 or Registrar"
          error={fieldError(errors, "grade")}
          required
        />
        <TextField
          id="skills"
          maxLength={TEXT_LIMITS.skills}
          name="skills"
          label="Skills (optional)"
          hint="Separate with commas, for example IV, NIV, Nurse in charge"
        />
        <CheckboxField
          id="clinical"
          name="clinical"
          value="yes"
          defaultChecked
          label="Clinical role"
          hint="Non-clinical staff, such as ward clerks, are kept out of patient handovers."
        />
        {canInviteAdmins ? (
          <CheckboxField
            id="asOrgAdmin"
            name="asOrgAdmin"
            value="yes"
            label="Also make them an organisation administrator"
            hint="Administrators create teams, read the audit log and manage every account."
          />
        ) : null}
        <button className="nhsuk-button" type="submit">
          Add person
        </button>
      </Form>
      <p>
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
    </>
  );
}

function InvitationLink({
  teamId,
  timeZone,
  email,
  link,
  qrImage,
  expiresAt,
}: {
  teamId: string;
  timeZone: string;
  email: string;
  link: string;
  qrImage: string;
  expiresAt: string;
}) {
  return (
    <>
      <h1 className="nhsuk-heading-l">Invitation ready for {email}</h1>
      <div className="baton-card">
        <p>
          Pass this link to them yourself (it is shown only now). It works once and expires on{" "}
          <strong>
            {new Date(expiresAt).toLocaleString("en-GB", {
              timeZone,
              dateStyle: "full",
              timeStyle: "short",
            })}
          </strong>
          .
        </p>
        <ShareLink
          link={link}
          label="Invitation link"
          shareText="Your invitation to Baton: open the link to set your password. It works once."
          qrImage={qrImage}
          qrAlt="QR code of the invitation link"
        />
      </div>
      <p>
        <Link to={`/team/${teamId}`}>Back to the team</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Add a person – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
