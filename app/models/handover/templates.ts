// Handover templates: the SBAR and I-PASS presets, custom templates' fields, and checking an
// item's values against its handover's template. Pure. Sources: DOMAIN.md "Structured handover"
// (SBAR: Situation, Background, Assessment, Recommendation; I-PASS: Illness severity, Patient
// summary, Action list, Situation awareness and contingency planning, Synthesis by receiver).
// Illness severity, actions, the contingency and the receiver's synthesis are part of every
// item whatever the template, so a template holds only the free fields between them.
import type { HandoverTemplateField, HandoverTemplateSnapshot } from "~/db/schema.server";
import { InputError } from "../errors";
import { TEXT_LIMITS, tooLongMessage } from "../text-limits";

export type { HandoverTemplateField, HandoverTemplateSnapshot };

export const SEVERITIES = ["unstable", "watcher", "stable"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_LABELS: Record<Severity, string> = {
  unstable: "Unstable",
  watcher: "Watcher",
  stable: "Stable",
};

/** Unstable first, then watchers, then stable: the order every list of items is shown in. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export const PRESET_TEMPLATES: Record<"ipass" | "sbar", HandoverTemplateSnapshot> = {
  ipass: {
    id: "ipass",
    name: "I-PASS",
    fields: [{ key: "summary", label: "Patient summary", kind: "long", required: true }],
  },
  sbar: {
    id: "sbar",
    name: "SBAR",
    fields: [
      { key: "situation", label: "Situation", kind: "long", required: true },
      { key: "background", label: "Background", kind: "long", required: false },
      { key: "assessment", label: "Assessment", kind: "long", required: false },
      { key: "recommendation", label: "Recommendation", kind: "long", required: false },
    ],
  },
};

export const DEFAULT_TEMPLATE_ID = "ipass";
export const MAX_TEMPLATE_FIELDS = 12;
export const MAX_FIELD_CHOICES = 12;
export const FIELD_KINDS = ["short", "long", "choice", "checkbox"] as const;
export const FIELD_KIND_LABELS: Record<HandoverTemplateField["kind"], string> = {
  short: "Short text",
  long: "Long text",
  choice: "Choice",
  checkbox: "Checkbox",
};

/** Whether an id names a preset rather than a team's own template. */
export function isPresetId(id: string): id is keyof typeof PRESET_TEMPLATES {
  return id === "ipass" || id === "sbar";
}

/**
 * The headings of a handover written with this template, in order, for the FHIR export's
 * sections and the print view: illness severity, the template's fields, the actions, the
 * contingency and the receiver's synthesis, named as the template's method names them.
 */
export function templateHeadings(template: HandoverTemplateSnapshot): {
  key: string;
  title: string;
}[] {
  const ipass = template.id === "ipass";
  return [
    { key: "severity", title: "Illness severity" },
    ...template.fields.map((f) => ({ key: `field:${f.key}`, title: f.label })),
    { key: "actions", title: ipass ? "Action list" : "Actions" },
    {
      key: "contingency",
      title: ipass ? "Situation awareness and contingency planning" : "Contingency",
    },
    { key: "synthesis", title: ipass ? "Synthesis by receiver" : "Read-back by receiver" },
  ];
}

/** A custom template's field as a manager types it, before checking. */
export type FieldDraft = { label: string; kind: string; required: boolean; choices: string };

/**
 * Checks a custom template as a manager wrote it and returns its fields with keys. Blank rows are
 * skipped. Throws InputError naming the field (`name`, `label-<n>`, `choices-<n>`).
 */
export function checkTemplateDraft({ name, fields }: { name: string; fields: FieldDraft[] }): {
  name: string;
  fields: HandoverTemplateField[];
} {
  const trimmedName = name.trim();
  if (!trimmedName) throw new InputError("Give the template a name.", "name");
  if (trimmedName.length > TEXT_LIMITS.handoverTemplateName)
    throw new InputError(tooLongMessage("The name", TEXT_LIMITS.handoverTemplateName), "name");
  const out: HandoverTemplateField[] = [];
  const labels = new Set<string>();
  fields.forEach((draft, index) => {
    const label = draft.label.trim();
    if (!label) return;
    const n = index + 1;
    if (label.length > TEXT_LIMITS.handoverFieldLabel)
      throw new InputError(
        tooLongMessage(`Field ${n}'s label`, TEXT_LIMITS.handoverFieldLabel),
        `label-${n}`,
      );
    if (labels.has(label.toLowerCase()))
      throw new InputError(`Field ${n}: another field is already called "${label}".`, `label-${n}`);
    labels.add(label.toLowerCase());
    if (!(FIELD_KINDS as readonly string[]).includes(draft.kind))
      throw new InputError(`Field ${n}: choose what kind of field it is.`, `kind-${n}`);
    const kind = draft.kind as HandoverTemplateField["kind"];
    const field: HandoverTemplateField = { key: `f${n}`, label, kind, required: draft.required };
    if (kind === "choice") {
      if (draft.choices.length > TEXT_LIMITS.handoverFieldChoices)
        throw new InputError(
          tooLongMessage(`Field ${n}'s choices`, TEXT_LIMITS.handoverFieldChoices),
          `choices-${n}`,
        );
      const choices = [
        ...new Set(
          draft.choices
            .split(",")
            .map((c) => c.trim())
            .filter(Boolean),
        ),
      ];
      if (choices.length < 2)
        throw new InputError(
          `Field ${n}: a choice needs at least two options, separated by commas.`,
          `choices-${n}`,
        );
      if (choices.length > MAX_FIELD_CHOICES)
        throw new InputError(`Field ${n}: at most ${MAX_FIELD_CHOICES} options.`, `choices-${n}`);
      field.choices = choices;
    }
    out.push(field);
  });
  if (out.length === 0) throw new InputError("A template needs at least one field.", "label-1");
  if (out.length > MAX_TEMPLATE_FIELDS)
    throw new InputError(`A template has at most ${MAX_TEMPLATE_FIELDS} fields.`);
  return { name: trimmedName, fields: out };
}

/**
 * An item's values for its template's fields, checked: required fields filled, choices among the
 * options, text within its limit. Values for keys the template does not have are ignored. A
 * ticked checkbox is stored as "yes", an unticked one as "". Throws InputError naming
 * `field-<key>`.
 */
export function checkFieldValues(
  template: HandoverTemplateSnapshot,
  values: Record<string, string | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const field of template.fields) {
    const raw = (values[field.key] ?? "").trim();
    const name = `field-${field.key}`;
    if (field.kind === "checkbox") {
      out[field.key] = raw ? "yes" : "";
      if (field.required && !raw) throw new InputError(`Tick "${field.label}".`, name);
      continue;
    }
    if (field.required && !raw) throw new InputError(`Fill in "${field.label}".`, name);
    const max =
      field.kind === "long" ? TEXT_LIMITS.handoverLongField : TEXT_LIMITS.handoverShortField;
    if (raw.length > max) throw new InputError(tooLongMessage(field.label, max), name);
    if (field.kind === "choice" && raw && !field.choices?.includes(raw))
      throw new InputError(`Choose one of the options for "${field.label}".`, name);
    out[field.key] = raw;
  }
  return out;
}
