import { formatDay } from "~/models/rota/shift-display";

type BreachLine = { rule: string; message: string };
type Cover = { count: number; qualification: string; have: number };

/** What a change does, as `checkChange` judges it (app/models/swaps/swap-checks.server.ts). */
export type SwapEffectData = {
  ineligible: { reason: string; message: string }[];
  people: {
    userId: string;
    name: string;
    before: BreachLine[];
    after: BreachLine[];
    added: BreachLine[];
  }[];
  cover: {
    shiftTypeId: string;
    code: string;
    name: string;
    date: string;
    before: Cover[];
    after: Cover[];
  }[];
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** One sentence for the top of a request: what it adds and whether cover gets worse. */
export function effectVerdict(check: SwapEffectData): string {
  if (check.ineligible.length) return "This change cannot happen as the rota stands.";
  const added = check.people.reduce((n, p) => n + p.added.length, 0);
  const worse = check.cover.some((c) =>
    c.after.some((r, i) => r.have < r.count && r.have < (c.before[i]?.have ?? 0)),
  );
  return `${added ? `It adds ${plural(added, "working-time breach", "working-time breaches")}.` : "It adds no working-time breach."} ${worse ? "It leaves cover short." : "Cover is no worse."}`;
}

/**
 * The result of a swap, give-away or claim for both people and the manager (issue 10): why it
 * may not happen, each person's working-time breaches before and after (naming any it adds),
 * and each touched shift's cover per requirement before and after, saying when one falls short.
 */
export function SwapEffect({
  check,
  headingLevel = 3,
}: {
  check: SwapEffectData;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const shortAfter = check.cover.flatMap((c) =>
    c.after
      .filter((r, i) => r.have < r.count && r.have < (c.before[i]?.have ?? 0))
      .map(
        (r) =>
          `${c.name} (${c.code}) on ${formatDay(c.date)} would be short of ${r.qualification}: ${r.have} of ${r.count}.`,
      ),
  );
  return (
    <div className="baton-effect">
      {check.ineligible.length ? (
        <div className="nhsuk-warning-callout">
          <Heading className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>This change cannot happen
          </Heading>
          <ul>
            {check.ineligible.map((i) => (
              <li key={i.message}>{i.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
      {shortAfter.length ? (
        <div className="nhsuk-warning-callout">
          <Heading className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Cover gets worse
          </Heading>
          <ul>
            {shortAfter.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <Heading className="nhsuk-heading-s">Working-time breaches</Heading>
      <ul className="baton-list">
        {check.people.map((p) => (
          <li key={p.userId}>
            <span className="baton-list__title">{p.name}</span>
            <span className="baton-list__meta">
              Before: {plural(p.before.length, "breach", "breaches")}. After:{" "}
              {plural(p.after.length, "breach", "breaches")}
              {p.added.length ? `, ${p.added.length} new` : ", none new"}.
            </span>
            {p.before.length + p.after.length ? (
              <details className="nhsuk-details baton-effect__details">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">
                    {p.name}'s breaches before and after
                  </span>
                </summary>
                <div className="nhsuk-details__text">
                  <p className="nhsuk-body-s">Before:</p>
                  <ul className="baton-effect__new">
                    {p.before.map((b) => (
                      <li key={`b-${b.rule}-${b.message}`}>{b.message}</li>
                    ))}
                  </ul>
                  <p className="nhsuk-body-s">After:</p>
                  <ul className="baton-effect__new">
                    {p.after.length ? (
                      p.after.map((b) => <li key={`a-${b.rule}-${b.message}`}>{b.message}</li>)
                    ) : (
                      <li>None.</li>
                    )}
                  </ul>
                </div>
              </details>
            ) : null}
            {p.added.length ? (
              <ul className="baton-effect__new">
                {p.added.map((b) => (
                  <li key={`${b.rule}-${b.message}`}>
                    <strong>New:</strong> {b.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
      <Heading className="nhsuk-heading-s">Cover</Heading>
      {check.cover.map((c) => (
        <table className="nhsuk-table baton-effect__cover" key={`${c.shiftTypeId}-${c.date}`}>
          <caption className="nhsuk-table__caption nhsuk-u-font-size-16">
            {c.name} ({c.code}), {formatDay(c.date)}
          </caption>
          <thead>
            <tr>
              <th scope="col">Needs</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {c.after.length === 0 ? (
              <tr>
                <td colSpan={3}>This shift type sets no staffing.</td>
              </tr>
            ) : (
              c.after.map((r, i) => {
                const before = c.before[i];
                const short = r.have < r.count;
                return (
                  <tr key={r.qualification}>
                    <th scope="row">
                      {r.count} × {r.qualification}
                    </th>
                    <td>
                      {before ? `${before.have} of ${before.count}` : ""}
                      {before && before.have < before.count ? (
                        <span className="baton-tag baton-tag--warning">Short</span>
                      ) : null}
                    </td>
                    <td>
                      {r.have} of {r.count}
                      {short ? <span className="baton-tag baton-tag--warning">Short</span> : null}
                    </td>
                  </tr>
                );
              })
            )}
          </tbody>
        </table>
      ))}
    </div>
  );
}
