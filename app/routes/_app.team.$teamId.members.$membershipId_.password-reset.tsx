import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import QRCode from "qrcode";
import { z } from "zod";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { ShareLink } from "~/components/share-link";
import {
  issuePasswordReset,
  passwordResetTarget,
  passwordResetTtlHours,
} from "~/models/accounts/password-resets.server";
import { inputErrors, parseForm, readForm } from "~/web/forms";
import { publicOrigin, requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const target = passwordResetTarget({
    actor,
    teamId: params.teamId!,
    membershipId: params.membershipId!,
    ipAddress: context.clientAddress,
  });
  return { ...target, membershipId: params.membershipId!, ttlHours: passwordResetTtlHours() };
}

const IssueSchema = z.object({ intent: z.literal("issue") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(IssueSchema, await readForm(request));
  if (!parsed.ok) throw new Response("That request was not understood.", { status: 400 });
  const ipAddress = context.clientAddress;
  // The person comes from the membership in the address, checked again here, never from the form.
  const { person } = passwordResetTarget({
    actor,
    teamId: params.teamId!,
    membershipId: params.membershipId!,
    ipAddress,
  });
  try {
    const { token, expiresAt } = issuePasswordReset({ actor, userId: person.userId, ipAddress });
    const link = `${publicOrigin(request)}/reset/${token}`;
    const qrImage = await QRCode.toDataURL(link, {
      margin: 1,
      width: 440,
      errorCorrectionLevel: "M",
    });
    // Shown in this response only: the database keeps just the token's hash.
    return { errors: [], issued: { link, qrImage, expiresAt: expiresAt.toISOString() } };
  } catch (error) {
    return { errors: inputErrors(error), issued: null };
  }
}

export default function PasswordReset() {
  const { team, person, membershipId, ttlHours } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const back = `/team/${team.id}/members/${membershipId}`;
  const issued = actionData?.issued;
  if (issued) {
    return (
      <>
        <h1 className="nhsuk-heading-l">Password reset link for {person.name}</h1>
        <div className="baton-card">
          <p>
            Pass this link to {person.name} yourself (it is shown only now). It works once and
            expires on{" "}
            <strong>
              {new Date(issued.expiresAt).toLocaleString("en-GB", {
                timeZone: team.timeZone,
                dateStyle: "full",
                timeStyle: "short",
              })}
            </strong>
            . Anyone who has it can set {person.name}'s password, so give it only to them.
          </p>
          <ShareLink
            link={issued.link}
            label="Password reset link"
            shareText="Your Baton password reset link: open it to choose a new password. It works once."
            qrImage={issued.qrImage}
            qrAlt="QR code of the password reset link"
          />
        </div>
        <p>
          <Link to={back}>Back to {person.name}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <p>
        <Link to={back}>Back to {person.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l">Reset {person.name}'s password</h1>
      <ErrorSummary errors={actionData?.errors ?? []} />
      <p>
        If {person.name} has forgotten their password, make a link for them to choose a new one.
        Baton does not email it: pass it on yourself, in person or by message, as you would an
        invitation.
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        <li>The link works once and expires in {ttlHours} hours.</li>
        <li>
          Using it signs {person.name} out on every device, so a lost phone is signed out too.
        </li>
        <li>Making a new link stops any earlier one that has not been used.</li>
        <li>Their password does not change until they use the link.</li>
      </ul>
      {person.deactivated ? (
        <p>This account is deactivated. Reactivate it before resetting its password.</p>
      ) : (
        <Form method="post">
          <input type="hidden" name="intent" value="issue" />
          <button className="nhsuk-button" type="submit" disabled={busy}>
            Make a reset link
          </button>
        </Form>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Reset ${data.person.name}'s password – Baton` : "Reset a password – Baton" },
];
export const ErrorBoundary = RouteErrorBoundary;
