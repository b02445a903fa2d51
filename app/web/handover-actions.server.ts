// The forms of a handover's page: one zod schema per intent, one call to the model each, and the
// answer as a code the page's address carries after the change (`?done=item-added`), so a reload
// never sends a form twice and a live reload cannot wipe the message. A refusal is a 400 with the
// message beside the form it came from, and nothing changes.
import { data } from "@remix-run/node";
import { z } from "zod";
import type { Actor } from "~/models/accounts/permissions";
import { InputError } from "~/models/errors";
import {
  acceptHandover,
  addHandoverAction,
  addHandoverAddendum,
  addHandoverItem,
  decideCarriedAction,
  decideCarriedItem,
  markHandoverRead,
  markHandoverReady,
  recordSynthesis,
  setHandoverActionDone,
  startHandover,
  updateHandoverItem,
} from "~/models/handover/handovers.server";
import { TEXT_LIMITS, tooLongMessage } from "~/models/text-limits";
import type { FormErrors } from "./forms";

const id = z.string().min(1).max(64);
const text = (label: string, max: number) =>
  z
    .string()
    .max(max, tooLongMessage(label, max))
    .optional()
    .transform((v) => v ?? "");

const itemFields = {
  ward: text("Ward", TEXT_LIMITS.handoverPlace),
  bay: text("Bay", TEXT_LIMITS.handoverPlace),
  bed: text("Bed", TEXT_LIMITS.handoverPlace),
  patient: text("The patient's name or initials", TEXT_LIMITS.handoverPatient),
  nhsNumber: text("The NHS number", 20),
  severity: z.enum(["stable", "watcher", "unstable"], {
    errorMap: () => ({ message: "Choose how ill the patient is: stable, watcher or unstable." }),
  }),
  contingency: text("The contingency", TEXT_LIMITS.handoverContingency),
};
const decision = z.enum(["done", "carry", "drop"], {
  errorMap: () => ({ message: "Choose done, carry again or drop." }),
});

export const HandoverActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start") }),
  z.object({ intent: z.literal("add-item"), ...itemFields }),
  z.object({ intent: z.literal("update-item"), itemId: id, ...itemFields }),
  z.object({
    intent: z.literal("add-action"),
    itemId: id,
    what: text("The action", TEXT_LIMITS.handoverAction),
    ownerUserId: z.string().max(64).optional(),
    due: text("The time", 5),
  }),
  z.object({ intent: z.literal("action-done"), actionId: id, done: z.enum(["yes", "no"]) }),
  z.object({
    intent: z.literal("decide-item"),
    itemId: id,
    decision,
    reason: text("The reason", TEXT_LIMITS.handoverDropReason),
  }),
  z.object({
    intent: z.literal("decide-action"),
    actionId: id,
    decision,
    reason: text("The reason", TEXT_LIMITS.handoverDropReason),
    ownerUserId: z.string().max(64).optional(),
  }),
  z.object({ intent: z.literal("read") }),
  z.object({
    intent: z.literal("synthesis"),
    itemId: id,
    note: text("The note", TEXT_LIMITS.handoverSynthesisNote),
  }),
  // Accepting locks the handover: without `confirmed` the page asks first.
  z.object({ intent: z.literal("accept"), confirmed: z.literal("yes").optional() }),
  // Ready tells the incoming staff (a broadcast): without `confirmed` the page asks first.
  z.object({ intent: z.literal("ready"), confirmed: z.literal("yes").optional() }),
  z.object({
    intent: z.literal("addendum"),
    itemId: z.string().max(64).optional(),
    body: text("The addendum", TEXT_LIMITS.handoverAddendum),
  }),
]);
export type HandoverAction = z.infer<typeof HandoverActionSchema>;

/** What happened, by the code in the address after the change. */
export const HANDOVER_DONE: Record<string, string> = {
  started: "Handover started.",
  "item-added": "Patient added.",
  "item-updated": "Patient updated.",
  "action-added": "Action added.",
  "action-done": "Action marked done.",
  "action-open": "Action marked not done.",
  decided: "Decision recorded.",
  read: "Recorded that you have read the handover.",
  synthesis: "Synthesis recorded.",
  accepted: "Accepted. The handover is now locked; corrections are addenda.",
  ready: "The incoming staff have been told the handover is ready.",
  addendum: "Addendum added.",
};

/** The message for a `done` code from the address, or null (own codes only: not `__proto__`). */
export function handoverDoneMessage(code: string): string | null {
  return Object.hasOwn(HANDOVER_DONE, code) ? (HANDOVER_DONE[code] ?? null) : null;
}

export type HandoverActionAnswer = {
  errors: FormErrors;
  /** The form the answer is about: "new" (add a patient), an item or action id, or an intent. */
  about: string | null;
  /** The step that waits for a yes: accepting, or telling the incoming staff it is ready. */
  confirm: "accept" | "ready" | null;
  done: string | null;
  /** An item or action to scroll back to after the change. */
  anchor: string | null;
  /** A refused patient form's values, to show again (with JavaScript off the page reloads). */
  values: ItemFormValues | null;
};

export type ItemFormValues = {
  ward: string;
  bay: string;
  bed: string;
  patient: string;
  nhsNumber: string;
  severity: "stable" | "watcher" | "unstable";
  contingency: string;
  fields: { key: string; value: string }[];
};

/** What a patient form sent, as text, cut to each field's limit: for showing it again. */
export function itemFormValues(form: FormData): ItemFormValues {
  const text = (name: string, max: number) => {
    const value = form.get(name);
    return typeof value === "string" ? value.slice(0, max) : "";
  };
  const severity = text("severity", 10);
  return {
    ward: text("ward", TEXT_LIMITS.handoverPlace),
    bay: text("bay", TEXT_LIMITS.handoverPlace),
    bed: text("bed", TEXT_LIMITS.handoverPlace),
    patient: text("patient", TEXT_LIMITS.handoverPatient),
    nhsNumber: text("nhsNumber", 20),
    severity: severity === "watcher" || severity === "unstable" ? severity : "stable",
    contingency: text("contingency", TEXT_LIMITS.handoverContingency),
    fields: Object.entries(fieldValues(form)).map(([key, value]) => ({
      key,
      value: value.slice(0, TEXT_LIMITS.handoverLongField),
    })),
  };
}

/** A refusal: the messages, 400, about one form (with a patient form's values); nothing changed. */
export function refusedHandoverAction(
  errors: FormErrors,
  about: string | null,
  values: ItemFormValues | null = null,
) {
  return data<HandoverActionAnswer>(
    { errors, about, confirm: null, done: null, anchor: null, values },
    { status: 400 },
  );
}

function aboutOf(action: HandoverAction): string {
  if ("itemId" in action && action.itemId) return action.itemId;
  if ("actionId" in action) return action.actionId;
  if (action.intent === "add-item") return "new";
  return action.intent;
}

/** The template fields of an item form: every `field-<key>` of the form. */
export function fieldValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (name.startsWith("field-") && typeof value === "string")
      values[name.slice("field-".length)] = value;
  }
  return values;
}

/**
 * Carries out one parsed action on a shift change's handover for the actor. A model's InputError
 * becomes a refusal; the audited 404 of a handover the actor may not see is rethrown.
 */
export function runHandoverAction({
  action,
  fields,
  actor,
  teamId,
  at,
  handoverId,
  ipAddress,
  values = null,
}: {
  values?: ItemFormValues | null;
  action: HandoverAction;
  fields: Record<string, string>;
  actor: Actor;
  teamId: string;
  at: number;
  handoverId: string | null;
  ipAddress?: string;
}) {
  const about = aboutOf(action);
  const done = (code: string, anchor: string | null = null): HandoverActionAnswer => ({
    errors: [],
    about,
    confirm: null,
    done: code,
    anchor,
    values: null,
  });
  try {
    if (action.intent === "start") {
      startHandover({ actor, teamId, at, ipAddress });
      return done("started");
    }
    if (!handoverId) throw new InputError("Start the handover first.");
    const base = { actor, handoverId, ipAddress };
    switch (action.intent) {
      case "add-item": {
        const { itemId } = addHandoverItem({ ...base, item: { ...action, fields } });
        return done("item-added", `item-${itemId}`);
      }
      case "update-item":
        updateHandoverItem({ ...base, itemId: action.itemId, item: { ...action, fields } });
        return done("item-updated", `item-${action.itemId}`);
      case "add-action":
        addHandoverAction({
          ...base,
          itemId: action.itemId,
          what: action.what,
          ownerUserId: action.ownerUserId || null,
          due: action.due,
        });
        return done("action-added", `item-${action.itemId}`);
      case "action-done":
        setHandoverActionDone({ ...base, actionId: action.actionId, done: action.done === "yes" });
        return done(
          action.done === "yes" ? "action-done" : "action-open",
          `action-${action.actionId}`,
        );
      case "decide-item":
        decideCarriedItem({
          ...base,
          itemId: action.itemId,
          decision: action.decision,
          reason: action.reason,
        });
        return done("decided", `item-${action.itemId}`);
      case "decide-action":
        decideCarriedAction({
          ...base,
          actionId: action.actionId,
          decision: action.decision,
          reason: action.reason,
          ownerUserId: action.ownerUserId || null,
        });
        return done("decided", `action-${action.actionId}`);
      case "read":
        markHandoverRead(base);
        return done("read");
      case "synthesis":
        recordSynthesis({ ...base, itemId: action.itemId, note: action.note });
        return done("synthesis", `item-${action.itemId}`);
      case "accept":
        if (action.confirmed !== "yes")
          return { errors: [], about, confirm: "accept", done: null, anchor: null, values: null };
        acceptHandover(base);
        return done("accepted");
      case "ready":
        if (action.confirmed !== "yes")
          return { errors: [], about, confirm: "ready", done: null, anchor: null, values: null };
        markHandoverReady(base);
        return done("ready");
      case "addendum":
        addHandoverAddendum({ ...base, itemId: action.itemId || null, body: action.body });
        return done("addendum", "addenda");
    }
  } catch (error) {
    if (error instanceof InputError)
      return refusedHandoverAction([{ field: error.field, message: error.message }], about, values);
    throw error;
  }
}
