import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { AppNav } from "~/components/app-nav";
import { RouteErrorBoundary } from "~/components/route-error";
import { getOrganisation } from "~/models/organisations.server";
import { requireSession } from "~/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { actor } = requireSession(request);
  const organisation = getOrganisation(actor);
  return {
    me: { name: actor.name, isOrgAdmin: actor.isOrgAdmin },
    organisationName: organisation.name,
  };
}

export default function AppLayout() {
  const { me, organisationName } = useLoaderData<typeof loader>();
  return (
    <>
      <AppHeader name={me.name} organisationName={organisationName} />
      <main className="baton-main" id="main-content">
        <Outlet />
      </main>
      <AppNav />
    </>
  );
}

function AppHeader({ name, organisationName }: { name?: string; organisationName?: string }) {
  return (
    <header className="baton-header">
      <Link className="baton-header__brand" to="/shifts">
        Baton
      </Link>
      {name ? (
        <div className="baton-header__who">
          {name}
          <br />
          <span>{organisationName}</span>
        </div>
      ) : null}
    </header>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("routes/_app");
  return (
    <>
      <AppHeader name={data?.me.name} organisationName={data?.organisationName} />
      <main className="baton-main" id="main-content">
        <RouteErrorBoundary />
      </main>
      <AppNav />
    </>
  );
}
