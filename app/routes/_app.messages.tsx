import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { RouteErrorBoundary } from "~/components/route-error";
import { requireSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  requireSession(request);
  return null;
}

export default function Messages() {
  return (
    <>
      <h1 className="nhsuk-heading-l">Messages</h1>
      <div className="baton-card">
        <p>
          No conversations yet. Each shift gets its own thread for the people on it, alongside your
          team channel.
        </p>
        <p className="nhsuk-body-s">
          Keep patient details to the minimum needed, and record clinical decisions in the patient
          record.
        </p>
      </div>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Messages – Baton" }];
export const ErrorBoundary = RouteErrorBoundary;
