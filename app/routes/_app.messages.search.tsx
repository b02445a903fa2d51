import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary, TextField } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { NotTheRecord } from "~/components/message-text";
import { RouteErrorBoundary } from "~/components/route-error";
import { searchMessages } from "~/messaging/search.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import { fieldError, inputErrors, parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  requireSession(request);
  return null;
}

// The words are posted, never put in the address: a search may name a patient, and an address
// is kept in the browser's history and in logs (docs/decisions/025).
const SearchSchema = z.object({
  q: z
    .string({ required_error: "Type a word to search for." })
    .max(TEXT_LIMITS.searchQuery, tooLongMessage("A search", TEXT_LIMITS.searchQuery)),
  before: z.string().max(60).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const form = await readForm(request);
  const q = String(form.get("q") ?? "").slice(0, TEXT_LIMITS.searchQuery);
  const parsed = parseForm(SearchSchema, form);
  if (!parsed.ok) return { q, errors: parsed.errors, page: null };
  try {
    const page = searchMessages({
      actor,
      query: parsed.data.q,
      before: parsed.data.before || undefined,
    });
    return { q, errors: [], page: { ...page, first: !parsed.data.before } };
  } catch (error) {
    return { q, errors: inputErrors(error), page: null };
  }
}

export default function SearchMessages() {
  const answer = useKeptActionData<typeof action>();
  const navigation = useNavigation();
  const searching = navigation.state === "submitting";
  const errors = answer?.errors ?? [];
  const page = answer?.page;
  return (
    <>
      <p className="baton-back">
        <Link to="/messages">Messages</Link>
      </p>
      <h1 className="nhsuk-heading-l">Search messages</h1>
      <NotTheRecord />
      <Form method="post" role="search" noValidate>
        <ErrorSummary errors={errors} />
        <TextField
          id="q"
          name="q"
          type="search"
          label="Words to find"
          hint="Searches the conversations you are in now. Each word must appear; the start of a word is enough."
          defaultValue={answer?.q ?? ""}
          key={answer?.q ?? ""}
          maxLength={TEXT_LIMITS.searchQuery}
          autoComplete="off"
          error={fieldError(errors, "q")}
        />
        <button type="submit" className="nhsuk-button" disabled={searching}>
          Search
        </button>
      </Form>
      {page ? <Results q={answer?.q ?? ""} page={page} /> : null}
    </>
  );
}

type Page = NonNullable<NonNullable<ReturnType<typeof useKeptActionData<typeof action>>>["page"]>;

function Results({ q, page }: { q: string; page: Page }) {
  if (page.results.length === 0)
    return (
      <div className="baton-card" role="status">
        <p>
          {page.first
            ? "No messages found. Deleted messages, and conversations you are no longer in, are not searched."
            : "No more messages found."}
        </p>
      </div>
    );
  return (
    <section aria-labelledby="results">
      <h2 className="nhsuk-heading-m" id="results">
        {page.first ? "Messages found, newest first" : "Older messages found"}
      </h2>
      <p className="nhsuk-u-visually-hidden" role="status">
        {page.results.length} {page.results.length === 1 ? "message" : "messages"} found.
      </p>
      <ol className="baton-search-results">
        {page.results.map((r) => (
          <li key={r.messageId} className="baton-search-results__item">
            <Link className="baton-search-results__link" to={r.href}>
              {r.conversationTitle}
            </Link>
            <div className="baton-message__head">
              <span className="baton-message__sender">{r.senderName}</span>{" "}
              <time dateTime={r.at}>{r.when}</time>
              {r.edited ? <span className="baton-message__edited">(edited)</span> : null}
            </div>
            <p className="baton-message__text">
              {r.snippet.map((part, i) =>
                part.hit ? (
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text, in order
                  <mark key={i}>{part.text}</mark>
                ) : (
                  // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text, in order
                  <span key={i}>{part.text}</span>
                ),
              )}
            </p>
          </li>
        ))}
      </ol>
      {page.older ? (
        <Form method="post">
          <input type="hidden" name="q" value={q} />
          <input type="hidden" name="before" value={page.older} />
          <button type="submit" className="nhsuk-button nhsuk-button--secondary">
            Older results
          </button>
        </Form>
      ) : (
        <p className="baton-list__meta">No older messages match.</p>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: "Search messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
