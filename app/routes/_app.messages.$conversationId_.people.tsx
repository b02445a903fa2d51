// A conversation's People page (/messages/<id>/people): who is in it and why, who is not clinical
// staff; for a group's creator, adding people and renaming it; for any group member, leaving it,
// after a confirmation page (?leave) that works without JavaScript.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { viewConversationPeople } from "~/messaging/conversation-people.server";
import { addToGroup, leaveGroup, renameGroup } from "~/messaging/conversations.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const page = viewConversationPeople({
    actor,
    conversationId: params.conversationId ?? "",
    ipAddress: context.clientAddress,
  });
  const askingToLeave = new URL(request.url).searchParams.has("leave") && page.mayLeave;
  return { ...page, askingToLeave };
}

const ActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("add"),
    userIds: z
      .union([z.string().max(40), z.array(z.string().max(40)).max(200)], {
        required_error: "Choose at least one person to add.",
      })
      .transform((ids) => (Array.isArray(ids) ? ids : [ids]).filter(Boolean))
      .refine((ids) => ids.length > 0, "Choose at least one person to add."),
  }),
  z.object({
    intent: z.literal("rename"),
    name: z
      .string({ required_error: "Give the group a name." })
      .max(
        TEXT_LIMITS.conversationName,
        tooLongMessage("The group's name", TEXT_LIMITS.conversationName),
      ),
  }),
  z.object({ intent: z.literal("leave") }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const conversationId = params.conversationId ?? "";
  const ipAddress = context.clientAddress;
  const form = await readForm(request);
  if (!["add", "rename", "leave"].includes(String(form.get("intent"))))
    throw new Response("That request was not understood.", { status: 400 });
  const parsed = parseForm(ActionSchema, form);
  if (!parsed.ok) return { intent: String(form.get("intent")), errors: parsed.errors };
  const input = parsed.data;
  try {
    if (input.intent === "add") {
      addToGroup({ actor, conversationId, userIds: input.userIds, ipAddress });
    } else if (input.intent === "rename") {
      renameGroup({ actor, conversationId, name: input.name, ipAddress });
    } else {
      leaveGroup({ actor, conversationId, ipAddress });
      return redirect("/messages");
    }
  } catch (error) {
    return { intent: input.intent, errors: inputErrors(error) };
  }
  return redirect(`/messages/${conversationId}/people`);
}

type Page = ReturnType<typeof useLoaderData<typeof loader>>;

export default function ConversationPeople() {
  const page = useLoaderData<typeof loader>();
  const answer = useKeptActionData<typeof action>();
  const errors = answer?.errors ?? [];
  useFocusOnProblem(answer);
  if (page.askingToLeave) return <ConfirmLeave page={page} />;
  return (
    <>
      <p className="baton-back">
        <Link to={`/messages/${page.id}`}>{page.title}</Link>
      </p>
      <h1 className="nhsuk-heading-l">People</h1>
      <p className="baton-list__meta">
        {page.about} · {page.people.length} {page.people.length === 1 ? "person" : "people"}
      </p>
      {answer?.intent === "leave" ? <ErrorSummary errors={errors} /> : null}
      {page.notClinical.length ? (
        <div className="nhsuk-inset-text">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>
            {page.notClinical.join(", ")} {page.notClinical.length === 1 ? "is" : "are"} not
            clinical staff, so a message with an NHS number is refused here.
          </p>
        </div>
      ) : null}
      {page.kind === "shift" ? (
        <p className="nhsuk-hint">
          Who is on this shift now and the team's managers. It follows the rota: whoever is moved
          off the shift, or is on leave or off sick for it, leaves the thread.
        </p>
      ) : null}
      <ul className="baton-list" aria-label="People in this conversation">
        {page.people.map((p) => (
          <li key={p.userId}>
            <span className="baton-list__title">
              {p.name}
              {p.you ? " (you)" : ""}
              {p.clinical ? null : <span className="baton-tag">Not clinical</span>}
            </span>
            {p.part ? <span className="baton-list__meta">{p.part}</span> : null}
          </li>
        ))}
      </ul>
      {page.manage ? <ManageGroup manage={page.manage} answer={answer} /> : null}
      {page.mayLeave ? (
        <p>
          <Link to="?leave">Leave this group</Link>
        </p>
      ) : null}
    </>
  );
}

type Answer = ReturnType<typeof useKeptActionData<typeof action>>;

/**
 * After a form comes back with a problem, moves focus (and the view) to its summary, which sits
 * at the top of that form: the button pressed may be a long list further down.
 */
function useFocusOnProblem(answer: Answer) {
  useEffect(() => {
    if (answer?.errors.length) document.querySelector<HTMLElement>(".nhsuk-error-summary")?.focus();
  }, [answer]);
}

function ManageGroup({ manage, answer }: { manage: NonNullable<Page["manage"]>; answer: Answer }) {
  const addErrors = answer?.intent === "add" ? answer.errors : [];
  const renameErrors = answer?.intent === "rename" ? answer.errors : [];
  const peopleError = fieldError(addErrors, "userIds");
  return (
    <>
      <h2 className="nhsuk-heading-m">Add people</h2>
      {manage.spaces === 0 ? (
        <p>The group is full: a group can have at most 20 people.</p>
      ) : manage.candidates.length === 0 ? (
        <p>Everyone in your teams is already in this group.</p>
      ) : (
        <Form method="post">
          <ErrorSummary errors={addErrors} />
          <input type="hidden" name="intent" value="add" />
          <div className={`nhsuk-form-group${peopleError ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby="userIds-hint">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Who to add
              </legend>
              <div className="nhsuk-hint" id="userIds-hint">
                Room for {manage.spaces} more. They will see the group's earlier messages too.
              </div>
              {peopleError ? (
                <span className="nhsuk-error-message" id="userIds">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {peopleError}
                </span>
              ) : null}
              <div className="nhsuk-checkboxes baton-people-picker">
                {manage.candidates.map((p) => (
                  <div className="nhsuk-checkboxes__item" key={p.userId}>
                    <input
                      className="nhsuk-checkboxes__input"
                      id={`add-${p.userId}`}
                      name="userIds"
                      type="checkbox"
                      value={p.userId}
                    />
                    <label
                      className="nhsuk-label nhsuk-checkboxes__label"
                      htmlFor={`add-${p.userId}`}
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
            </fieldset>
          </div>
          <button type="submit" className="nhsuk-button">
            Add to the group
          </button>
        </Form>
      )}
      <h2 className="nhsuk-heading-m">Rename the group</h2>
      <Form method="post">
        <ErrorSummary errors={renameErrors} />
        <input type="hidden" name="intent" value="rename" />
        <TextField
          id="name"
          name="name"
          label="Group name"
          defaultValue={manage.name}
          maxLength={TEXT_LIMITS.conversationName}
          error={fieldError(renameErrors, "name")}
        />
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Rename
        </button>
      </Form>
    </>
  );
}

/** The question before leaving: a page of its own, so that it works without JavaScript. */
function ConfirmLeave({ page }: { page: Page }) {
  return (
    <>
      <p className="baton-back">
        <Link to={`/messages/${page.id}/people`}>People</Link>
      </p>
      <h1 className="nhsuk-heading-l">Leave {page.title}?</h1>
      <p>
        You will stop seeing its messages, here and on your other devices.{" "}
        {page.manage
          ? "You made this group: once you leave, nobody can add people to it or rename it."
          : "Only the person who made the group can add you back."}
      </p>
      <Form method="post" action={`/messages/${page.id}/people`}>
        <input type="hidden" name="intent" value="leave" />
        <button type="submit" className="nhsuk-button nhsuk-button--warning">
          Leave the group
        </button>
      </Form>
      <p>
        <Link to={`/messages/${page.id}/people`}>No, stay in the group</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `People in ${data?.title ?? "the conversation"} – Baton` },
];
export const ErrorBoundary = RouteErrorBoundary;
