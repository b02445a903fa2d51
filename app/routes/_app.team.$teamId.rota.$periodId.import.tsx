import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ErrorSummary } from "~/components/form-fields";
import { useKeptActionData } from "~/components/kept-action-data";
import { RouteErrorBoundary } from "~/components/route-error";
import { MAX_ROTA_CSV_BYTES, MAX_ROTA_CSV_PEOPLE } from "~/models/rota/rota-csv";
import {
  FILE_TOO_LARGE_MESSAGE,
  importRotaCsv,
  rotaImportPage,
} from "~/models/rota/rota-import.server";
import { describePeriod } from "~/models/rota/rota-period-rules";
import { inputErrors, unreadableForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  return rotaImportPage({
    actor,
    teamId: params.teamId!,
    periodId: params.periodId!,
    ipAddress: context.clientAddress,
  });
}

type ImportFailure = {
  errors: { field?: string; message: string }[];
  problems: string[];
  moreProblems: number;
};

const failed = (message: string): ImportFailure => ({
  errors: [{ field: "file", message }],
  problems: [],
  moreProblems: 0,
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const teamId = params.teamId!;
  const periodId = params.periodId!;
  const ipAddress = context.clientAddress;
  // The permission check comes before the upload is read: someone who may not import gets the
  // 404 without the server holding their file in memory first.
  rotaImportPage({ actor, teamId, periodId, ipAddress });
  // Not a file upload at all (a hand-made request): the same as sending no file.
  const contentType = request.headers.get("Content-Type") ?? "";
  if (!contentType.startsWith("multipart/form-data")) return failed("Choose a CSV file to import.");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({
        maxPartSize: MAX_ROTA_CSV_BYTES,
        filter: ({ name }) => name === "file",
      }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return failed(FILE_TOO_LARGE_MESSAGE);
    // A body that says it is multipart but is not (a wrong or missing boundary): a 400, not a fault.
    throw unreadableForm();
  }
  const file = form.get("file");
  if (!(file instanceof File) || file.size === 0) return failed("Choose a CSV file to import.");
  let result: ReturnType<typeof importRotaCsv>;
  try {
    result = importRotaCsv({ actor, teamId, periodId, csvText: await file.text(), ipAddress });
  } catch (error) {
    return { errors: inputErrors(error), problems: [], moreProblems: 0 } satisfies ImportFailure;
  }
  if (!result.ok) {
    return {
      errors: [
        {
          field: "file",
          message: `The file was not imported, so nothing on the rota has changed. Fix ${
            result.problems.length + result.moreProblems === 1 ? "the problem" : "the problems"
          } listed here, then choose the file again.`,
        },
      ],
      problems: result.problems.map((p) => `Row ${p.row}, column ${p.column}: ${p.message}`),
      moreProblems: result.moreProblems,
    } satisfies ImportFailure;
  }
  const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  throw redirectWithToast(request, `/team/${teamId}/rota/${periodId}`, {
    kind: "success",
    message: `Spreadsheet imported for ${plural(result.people, "person", "people")}: ${plural(
      result.added,
      "shift",
      "shifts",
    )} added, ${result.removed} removed.`,
  });
}

export default function ImportRota() {
  const { team, period, codes, example, pair } = useLoaderData<typeof loader>();
  const actionData = useKeptActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const rotaPath = `/team/${team.id}/rota/${period.id}`;
  // Every problem in the file goes in the summary, where a screen reader lands after a refusal.
  const more = actionData?.moreProblems ?? 0;
  const summary = [
    ...(actionData?.errors ?? []),
    ...(actionData?.problems ?? []).map((message) => ({ message })),
    ...(more
      ? [
          {
            message: `And ${more} more problem${more === 1 ? "" : "s"} after these: fix these first.`,
          },
        ]
      : []),
  ];
  return (
    <>
      <p>
        <Link to={rotaPath}>Back to the rota</Link>
      </p>
      <h1 className="nhsuk-heading-l">Import the rota from a spreadsheet</h1>
      <p>
        {team.name}, {describePeriod(period.startDate, period.endDate)}
        {period.status === "published" ? " (published)" : " (draft)"}.
      </p>
      <p>
        <a href={`${rotaPath}.csv`} download>
          Download this rota as a CSV file
        </a>{" "}
        to start from: it has everyone in the team and every date of the period.
      </p>

      {period.status === "published" ? (
        <div className="nhsuk-inset-text">
          <p>
            This rota is published, so a file cannot replace it. Change it one shift at a time, or
            import into a draft period.
          </p>
        </div>
      ) : (
        <>
          <ErrorSummary errors={summary} />
          <h2 className="nhsuk-heading-m">The format</h2>
          <ul className="nhsuk-list nhsuk-list--bullet">
            <li>
              Row 1 holds the dates from column B, inside this period: YYYY-MM-DD, or day first
              (19/10/2026) as Excel saves them. What column A says in row 1 does not matter. Columns
              headed <code>name</code> or <code>grade</code>, as the download has, are there for you
              to find people by: the import reads past them.
            </li>
            <li>Each row below holds one person: their email in column A.</li>
            <li>
              Each cell holds the shift code the person works that day
              {codes.length ? ` (${codes.join(", ")})` : ""}, or two that do not overlap joined by +
              {pair ? ` such as ${pair[0]}+${pair[1]}` : ""}. Leave it blank for a day off.
            </li>
            <li>
              For each person and date in the file, the file replaces their shifts in this rota.
              People and dates left out of the file keep their shifts.
            </li>
            <li>
              If anything in the file is wrong, nothing is imported and every problem is listed by
              row and column. At most {MAX_ROTA_CSV_PEOPLE} people and 1 MB in one file.
            </li>
          </ul>
          <p>For example:</p>
          <pre className="baton-link-box">{example.join("\n")}</pre>

          <Form method="post" encType="multipart/form-data" noValidate>
            <div
              className={`nhsuk-form-group nhsuk-file-upload${actionData?.errors.length ? " nhsuk-form-group--error" : ""}`}
            >
              <label className="nhsuk-label" htmlFor="file">
                CSV file
              </label>
              <div className="nhsuk-hint" id="file-hint">
                In Excel, save with File &gt; Save As and choose CSV UTF-8.
              </div>
              {actionData?.errors.length ? (
                <span className="nhsuk-error-message" id="file-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span>{" "}
                  {actionData.errors[0]!.message}
                </span>
              ) : null}
              <input
                className="nhsuk-file-upload__input"
                id="file"
                name="file"
                type="file"
                accept=".csv,text/csv"
                aria-describedby={`file-hint${actionData?.errors.length ? " file-error" : ""}`}
                required
              />
            </div>
            <button className="nhsuk-button" type="submit" disabled={busy}>
              {busy ? "Importing…" : "Import"}
            </button>
          </Form>
        </>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Import the rota – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
