// Form input: one zod schema per form, parsed on the server; the result carries messages a
// person can act on, keyed by field name, for the form to show beside each field.
import type { z } from "zod";
import { InputError } from "../models/errors";

export type FormErrors = { field?: string; message: string }[];

export type Parsed<T> = { ok: true; data: T } | { ok: false; errors: FormErrors };

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
