import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "~/components/route-error";
import { formatRequirements, isShiftColour, nominalMinutes } from "~/models/rota/shift-type-rules";
import { listShiftTypes, setShiftTypeArchived } from "~/models/rota/shift-types.server";
import { parseForm, readForm } from "~/web/forms";
import { requireSession } from "~/web/session-cookie.server";
import { redirectWithToast } from "~/web/toast.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const { team, shiftTypes } = listShiftTypes({
    actor,
    teamId: params.teamId!,
    ipAddress: context.clientAddress,
  });
  return {
    team: { id: team.id, name: team.name, timeZone: team.timeZone, canManage: team.canManage },
    shiftTypes: shiftTypes.map((t) => ({
      id: t.id,
      code: t.code,
      name: t.name,
      startLocal: t.startLocal,
      endLocal: t.endLocal,
      paidBreakMinutes: t.paidBreakMinutes,
      colour: isShiftColour(t.colour) ? t.colour : "grey",
      requirements: formatRequirements(t.requirements),
      archived: Boolean(t.archivedAt),
    })),
  };
}

const ArchiveSchema = z.object({
  intent: z.enum(["archive", "restore"]),
  shiftTypeId: z.string().min(1),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor } = requireSession(request);
  const parsed = parseForm(ArchiveSchema, await readForm(request));
  if (!parsed.ok) throw new Response("That request was not understood.", { status: 400 });
  setShiftTypeArchived({
    actor,
    teamId: params.teamId!,
    shiftTypeId: parsed.data.shiftTypeId,
    archived: parsed.data.intent === "archive",
    ipAddress: context.clientAddress,
  });
  throw redirectWithToast(request, `/team/${params.teamId}/shift-types`, {
    kind: "success",
    message:
      parsed.data.intent === "archive"
        ? "Shift type archived: it is no longer offered for new shifts; shifts already made keep it."
        : "Shift type restored: it is offered for new shifts again.",
  });
}

function duration(startLocal: string, endLocal: string, breakMinutes: number): string {
  const minutes = nominalMinutes(startLocal, endLocal);
  const hours = `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ""}`;
  return breakMinutes ? `${hours}, ${breakMinutes} min paid break` : hours;
}

export default function ShiftTypes() {
  const { team, shiftTypes } = useLoaderData<typeof loader>();
  const current = shiftTypes.filter((t) => !t.archived);
  const archived = shiftTypes.filter((t) => t.archived);
  return (
    <>
      <p>
        <Link to={`/team/${team.id}`}>Back to {team.name}</Link>
      </p>
      <h1 className="nhsuk-heading-l">Shift types</h1>
      <p className="nhsuk-body-s">
        Times are on the ward clock ({team.timeZone}); a night across a clock change is an hour
        longer or shorter.
      </p>
      {team.canManage ? (
        <Link className="nhsuk-button" to="new">
          Add a shift type
        </Link>
      ) : null}
      {current.length ? (
        <ul className="baton-list">
          {current.map((t) => (
            <li key={t.id}>
              <span className="baton-list__title">
                <span className={`baton-shift-code baton-shift-code--${t.colour}`}>{t.code}</span>{" "}
                {team.canManage ? <Link to={t.id}>{t.name}</Link> : t.name}
              </span>
              <span className="baton-list__meta">
                {t.startLocal}–{t.endLocal} ·{" "}
                {duration(t.startLocal, t.endLocal, t.paidBreakMinutes)}
              </span>
              {t.requirements ? (
                <span className="baton-list__meta">Needs {t.requirements}</span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>
          No shift types yet.
          {team.canManage ? " Add the shifts your ward works, such as Early, Late and Night." : ""}
        </p>
      )}
      {team.canManage && archived.length ? (
        <section aria-labelledby="archived">
          <h2 className="nhsuk-heading-m" id="archived">
            Archived
          </h2>
          <ul className="baton-list">
            {archived.map((t) => (
              <li key={t.id}>
                <span className="baton-list__title">
                  {t.code} {t.name}
                </span>
                <Form method="post" className="baton-inline-form">
                  <input type="hidden" name="intent" value="restore" />
                  <input type="hidden" name="shiftTypeId" value={t.id} />
                  <button
                    type="submit"
                    className="nhsuk-button nhsuk-button--secondary nhsuk-button--small"
                  >
                    Restore<span className="nhsuk-u-visually-hidden"> {t.name}</span>
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Shift types – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
