// The server's half of "asks first" (docs/decisions/024): a destructive or broadcast action acts
// only when its form carries confirmed=yes, which only the confirmation (the <dialog>, or the
// confirmation step the server renders without JavaScript) sends. A stray tap, or a plain POST
// without it, changes nothing: the action answers with `askFirst` and the page asks.

/** The field and value that only a confirmation form sends. */
export const CONFIRMED_FIELD = "confirmed";
export const CONFIRMED_VALUE = "yes";

/** True when the form was sent from a confirmation (the field `confirmed` is exactly "yes"). */
export function isConfirmed(form: FormData): boolean {
  return form.get(CONFIRMED_FIELD) === CONFIRMED_VALUE;
}

/**
 * What an action returns instead of acting: the page shows its confirmation step for `intent`
 * (and, where one page has several of the same intent, for the object `fields` name, such as
 * `{ patternId }`). Plain data, so it reaches the page with JavaScript on or off.
 */
export type AskFirst = { confirm: { intent: string; fields: Record<string, string> } };

export function askFirst(intent: string, fields: Record<string, string> = {}): AskFirst {
  return { confirm: { intent, fields } };
}
