// Calling route loaders and actions the way Remix does, with a real Request.
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";

export const ORIGIN = "http://localhost:3000";
export const context: AppLoadContext = { cspNonce: "", clientAddress: "127.0.0.1" };

type Handler<A> = (args: A) => Promise<unknown> | unknown;

export function getRequest(path: string, cookie?: string): Request {
  return new Request(`${ORIGIN}${path}`, { headers: cookie ? { Cookie: cookie } : {} });
}

export function postRequest(path: string, form: Record<string, string>, cookie?: string): Request {
  const headers: Record<string, string> = {
    Origin: ORIGIN,
    "Content-Type": "application/x-www-form-urlencoded",
  };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    headers,
    body: new URLSearchParams(form).toString(),
  });
}

export async function callLoader(
  loader: Handler<LoaderFunctionArgs>,
  { path, cookie, params = {} }: { path: string; cookie?: string; params?: Record<string, string> },
) {
  return loader({ request: getRequest(path, cookie), params, context });
}

export async function callAction(
  action: Handler<ActionFunctionArgs>,
  {
    path,
    form,
    cookie,
    params = {},
  }: {
    path: string;
    form: Record<string, string>;
    cookie?: string;
    params?: Record<string, string>;
  },
) {
  return action({ request: postRequest(path, form, cookie), params, context });
}

/** The Response a handler threw (a redirect, a 404); fails the test if it returned instead. */
export async function thrownResponse(run: () => Promise<unknown> | unknown): Promise<Response> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error;
    throw error;
  }
  throw new Error("expected the handler to throw a Response, but it returned");
}

/**
 * The toast a response carries to the next page (app/web/toast.server.ts), or null: what the
 * person will see after the redirect.
 */
export function toastOf(response: Response): { kind: string; message: string } | null {
  const cookie = response.headers.get("Set-Cookie") ?? "";
  const value = /(?:^|\s)(?:__Host-)?baton_toast=([^;]+)/.exec(cookie)?.[1];
  return value ? JSON.parse(Buffer.from(value, "base64url").toString()) : null;
}
