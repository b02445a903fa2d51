import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { NotTheRecord } from "~/components/message-text";
import { RouteErrorBoundary } from "~/components/route-error";
import { colleaguesToMessage } from "~/messaging/colleagues.server";
import { createGroup, openDirectConversation } from "~/messaging/conversations.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const search = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 100);
  return { search, people: colleaguesToMessage({ actor, search }) };
}

const NewConversationSchema = z.object({
  userIds: z
    .union([z.string(), z.array(z.string())], { required_error: "Choose at least one person." })
    .transform((ids) => (Array.isArray(ids) ? ids : [ids]).filter(Boolean))
    .refine((ids) => ids.length > 0, "Choose at least one person."),
  name: z
    .string()
    .max(
      TEXT_LIMITS.conversationName,
      tooLongMessage("The group's name", TEXT_LIMITS.conversationName),
    )
    .optional()
    .default(""),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(NewConversationSchema, await readForm(request));
  if (!parsed.ok) return { errors: parsed.errors };
  const { userIds, name } = parsed.data;
  let conversationId: string;
  try {
    // One person and no name: a direct message. A name, or several people: a group.
    conversationId =
      userIds.length === 1 && !name.trim()
        ? openDirectConversation({ actor, userId: userIds[0]!, ipAddress: context.clientAddress })
            .id
        : createGroup({ actor, name, userIds }).id;
  } catch (error) {
    return { errors: inputErrors(error) };
  }
  return redirect(`/messages/${conversationId}`);
}

export default function NewConversation() {
  const { search, people } = useLoaderData<typeof loader>();
  const answer = useKeptActionData<typeof action>();
  const errors = answer?.errors ?? [];
  const peopleError = fieldError(errors, "userIds");
  return (
    <>
      <p className="baton-back">
        <Link to="/messages">Messages</Link>
      </p>
      <h1 className="nhsuk-heading-l">New message</h1>
      <NotTheRecord />
      <Form method="get" className="baton-search" role="search">
        <TextField
          id="q"
          name="q"
          type="search"
          label="Search by name"
          defaultValue={search}
          autoComplete="off"
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Search
        </button>
      </Form>
      <Form method="post">
        <ErrorSummary errors={errors} />
        <div className={`nhsuk-form-group${peopleError ? " nhsuk-form-group--error" : ""}`}>
          <fieldset className="nhsuk-fieldset" aria-describedby="userIds-hint">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              Who to message
            </legend>
            <div className="nhsuk-hint" id="userIds-hint">
              Choose one person for a direct message, or several and give the group a name.
            </div>
            {peopleError ? (
              <span className="nhsuk-error-message" id="userIds">
                <span className="nhsuk-u-visually-hidden">Error:</span> {peopleError}
              </span>
            ) : null}
            {people.length ? (
              <div className="nhsuk-checkboxes baton-people-picker">
                {people.map((p) => (
                  <div className="nhsuk-checkboxes__item" key={p.userId}>
                    <input
                      className="nhsuk-checkboxes__input"
                      id={`person-${p.userId}`}
                      name="userIds"
                      type="checkbox"
                      value={p.userId}
                    />
                    <label
                      className="nhsuk-label nhsuk-checkboxes__label"
                      htmlFor={`person-${p.userId}`}
                    >
                      {p.name}
                      <span className="baton-list__meta">
                        {p.grade ? `${p.grade} · ` : ""}
                        {p.teamName}
                      </span>
                    </label>
                  </div>
                ))}
              </div>
            ) : (
              <p>
                {search
                  ? `Nobody in your teams is called "${search}".`
                  : "There is nobody in your teams to message yet."}
              </p>
            )}
          </fieldset>
        </div>
        <TextField
          id="name"
          name="name"
          label="Group name (for a group)"
          hint="For example: Bay 3 HCAs, Night coordinators"
          maxLength={TEXT_LIMITS.conversationName}
          error={fieldError(errors, "name")}
        />
        <button type="submit" className="nhsuk-button">
          Start conversation
        </button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "New message – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
