// Form input: one zod schema per form, parsed on the server; the result carries messages a
// person can act on, keyed by field name, for the form to show beside each field.
import type { z } from "zod";
import { InputError } from "../models/errors";

export type FormErrors = { field?: string; message: string }[];

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

/**
 * A 400 for a body that says it is a form but cannot be read as one (a multipart body whose
 * boundary does not match, say). A thrown Response is an expected answer: the route's
 * ErrorBoundary shows it, and the server logs only the request line, with no stack trace.
 */
export function unreadableForm(): Response {
  return new Response("Baton could not read that form. Go back to the page and send it again.", {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/**
 * The request's form fields, as every action reads them. Throws the 400 of `unreadableForm`
 * when the body cannot be parsed; bodies that are not forms at all never get here (the server
 * answers them 415 first, in server/security.ts).
 */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw unreadableForm();
  }
}

export function parseForm<S extends z.ZodTypeAny>(
  schema: S,
  formData: FormData,
): Parsed<z.infer<S>> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const values = formData.getAll(key).filter((v): v is string => typeof v === "string");
    raw[key] = values.length > 1 ? values : values[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      field: issue.path.length ? String(issue.path[0]) : undefined,
      message: issue.message,
    })),
  };
}

export function fieldError(errors: FormErrors | undefined, field: string): string | undefined {
  return errors?.find((e) => e.field === field)?.message;
}

/**
 * Turns a model's InputError into form errors. Anything else is rethrown as it is: a thrown
 * Response (a redirect, the 404 of a refusal) reaches Remix, and a real fault the ErrorBoundary.
 */
export function inputErrors(error: unknown): FormErrors {
  if (error instanceof InputError) return [{ field: error.field, message: error.message }];
  throw error;
}
