import type { LoaderFunctionArgs } from "@remix-run/node";
import { InputError, notFound } from "~/models/errors";
import { exportHandoverAsFhir } from "~/models/handover/handover-view.server";
import { changeKey, parseChangeKey } from "~/models/handover/shift-change";
import { requireSession } from "~/web/session-cookie.server";

// A GET, so that a plain link downloads it. An export is audited, so a link on another site must
// not make a browser export behind its person's back: a cross-site request is refused, as for the
// rota spreadsheet.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  if (request.headers.get("Sec-Fetch-Site") === "cross-site")
    throw new Response("Export the handover from its page in Baton.", { status: 403 });
  const at = parseChangeKey(params.at ?? "");
  if (at === null) throw notFound();
  try {
    const composition = exportHandoverAsFhir({
      actor,
      teamId: params.teamId!,
      at,
      ipAddress: context.clientAddress,
    });
    return new Response(JSON.stringify(composition, null, 2), {
      headers: {
        "Content-Type": "application/fhir+json; charset=utf-8",
        // The file name holds the change's time only: no patient data in a name or address.
        "Content-Disposition": `attachment; filename="handover-${changeKey(at)}.json"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw new Response(error.message, { status: 409 });
    throw error;
  }
}
