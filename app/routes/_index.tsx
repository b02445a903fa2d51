import { type LoaderFunctionArgs, redirect } from "@remix-run/node";
import { needsFirstRunSetup } from "~/models/accounts/organisations.server";
import { getSession } from "~/web/session-cookie.server";

export async function loader({ request }: LoaderFunctionArgs) {
  if (needsFirstRunSetup()) throw redirect("/setup");
  throw redirect(getSession(request) ? "/shifts" : "/login");
}
