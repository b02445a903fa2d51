import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { RouteErrorBoundary } from "~/components/route-error";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  requireSession(request);
  return null;
}

export default function Handover() {
  return (
    <>
      <h1 className="nhsuk-heading-l">Handover</h1>
      <div className="baton-card">
        <p>
          No handovers yet. Structured handovers (SBAR or I-PASS) from the outgoing shift to yours
          appear here, ready to read back and accept.
        </p>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Handover – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
