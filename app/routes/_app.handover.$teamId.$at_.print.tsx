import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { placeOf } from "~/components/handover";
import { RouteErrorBoundary } from "~/components/route-error";
import { notFound } from "~/models/errors";
import { viewHandover } from "~/models/handover/handover-view.server";
import { parseChangeKey } from "~/models/handover/shift-change";
import { requireSession } from "~/web/session-cookie.server";

/** Patients per printed page: six to eight read well on A4 in black and white. */
const PER_PAGE = 7;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const at = parseChangeKey(params.at ?? "");
  if (at === null) throw notFound();
  const view = viewHandover({
    actor,
    teamId: params.teamId!,
    at,
    ipAddress: context.clientAddress,
    purpose: "handover.printed",
  });
  if (!view.handover) throw notFound();
  return { view };
}

export default function PrintHandover() {
  const { view } = useLoaderData<typeof loader>();
  const h = view.handover!;
  const items = h.items.filter((i) => i.status === "open");
  const pages: (typeof items)[] = [];
  for (let i = 0; i < items.length; i += PER_PAGE) pages.push(items.slice(i, i + PER_PAGE));
  if (pages.length === 0) pages.push([]);
  return (
    <div className="baton-print">
      <p className="baton-print__screen-only">
        <Link to={`/handover/${view.team.id}/${view.key}`}>Back to the handover</Link> · Print from
        your browser's menu. Keep printed handovers safe and shred them after the shift.
      </p>
      {pages.map((page, index) => (
        <section className="baton-print__page" key={page[0]?.id ?? "empty"}>
          <h1 className="baton-print__title">
            {view.team.name}: handover {view.label}
            <span>
              {" "}
              (page {index + 1} of {pages.length}).{" "}
              {h.state === "accepted"
                ? `Accepted by ${h.acceptedBy}, ${h.acceptedAt}.`
                : "Open: not yet accepted."}{" "}
              {h.template.name}. Out: {view.outgoing.map((p) => p.name).join(", ")}. In:{" "}
              {view.incoming.map((p) => p.name).join(", ")}.
            </span>
          </h1>
          <table className="baton-print__table">
            <thead>
              <tr>
                <th scope="col" className="baton-print__cell">
                  Where, who
                </th>
                <th scope="col" className="baton-print__cell">
                  Severity
                </th>
                <th scope="col" className="baton-print__cell">
                  Handover
                </th>
                <th scope="col" className="baton-print__cell">
                  Actions
                </th>
              </tr>
            </thead>
            <tbody>
              {page.map((item) => (
                <tr key={item.id}>
                  <td className="baton-print__cell">
                    <strong>{item.patient}</strong>
                    <br />
                    {placeOf(item)}
                    {item.nhsNumber ? (
                      <>
                        <br />
                        NHS {item.nhsNumber}
                      </>
                    ) : null}
                  </td>
                  <td className="baton-print__cell">
                    <strong>{item.severityLabel.toUpperCase()}</strong>
                    {item.carried ? (
                      <>
                        <br />
                        Carried ×{item.carried.count}
                      </>
                    ) : null}
                  </td>
                  <td className="baton-print__cell">
                    {item.fields
                      .filter((f) => f.value)
                      .map((f) => (
                        <p key={f.key}>
                          <strong>{f.label}:</strong> {f.kind === "checkbox" ? "Yes" : f.value}
                        </p>
                      ))}
                    {item.contingency ? (
                      <p>
                        <strong>If:</strong> {item.contingency}
                      </p>
                    ) : null}
                    {item.syntheses.map((s) => (
                      <p key={s.name}>
                        <strong>Synthesis:</strong> {s.name}
                        {s.note ? `: ${s.note}` : ""}
                      </p>
                    ))}
                  </td>
                  <td className="baton-print__cell">
                    <ul>
                      {item.actions
                        .filter((a) => a.status !== "dropped")
                        .map((a) => (
                          <li key={a.id}>
                            {a.status === "done" ? "☑" : "☐"} {a.what}
                            {a.owner ? ` (${a.owner}` : ""}
                            {a.owner && a.due
                              ? `, ${a.due})`
                              : a.owner
                                ? ")"
                                : a.due
                                  ? ` (${a.due})`
                                  : ""}
                          </li>
                        ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      {h.addenda.length ? (
        <section className="baton-print__page">
          <h2>Addenda</h2>
          {h.addenda.map((a) => (
            <p key={a.id}>
              <strong>
                {a.author}, {a.at}:
              </strong>{" "}
              {a.body}
            </p>
          ))}
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Print handover – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
