import { describe, expect, it } from "vitest";
import { InputError } from "~/models/errors";
import {
  checkFieldValues,
  checkTemplateDraft,
  PRESET_TEMPLATES,
  severityRank,
  templateHeadings,
} from "~/models/handover/templates";

const field = (label: string, kind = "long", required = false, choices = "") => ({
  label,
  kind,
  required,
  choices,
});

function inputError(run: () => unknown): InputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError");
}

describe("handover templates", () => {
  it("offers I-PASS with its five headings in order, and SBAR with its four fields", () => {
    expect(templateHeadings(PRESET_TEMPLATES.ipass).map((h) => h.title)).toEqual([
      "Illness severity",
      "Patient summary",
      "Action list",
      "Situation awareness and contingency planning",
      "Synthesis by receiver",
    ]);
    expect(PRESET_TEMPLATES.sbar.fields.map((f) => f.label)).toEqual([
      "Situation",
      "Background",
      "Assessment",
      "Recommendation",
    ]);
  });

  it("orders unstable before watcher before stable", () => {
    expect(severityRank("unstable")).toBeLessThan(severityRank("watcher"));
    expect(severityRank("watcher")).toBeLessThan(severityRank("stable"));
  });

  it("builds a custom template from a manager's rows, skipping blank ones", () => {
    const template = checkTemplateDraft({
      name: " Night SBAR ",
      fields: [
        field("Summary", "long", true),
        field(""),
        field("Mobility", "choice", false, "Independent, With one, With two, Hoist"),
        field("Falls risk", "checkbox"),
      ],
    });
    expect(template.name).toBe("Night SBAR");
    expect(template.fields).toEqual([
      { key: "f1", label: "Summary", kind: "long", required: true },
      {
        key: "f3",
        label: "Mobility",
        kind: "choice",
        required: false,
        choices: ["Independent", "With one", "With two", "Hoist"],
      },
      { key: "f4", label: "Falls risk", kind: "checkbox", required: false },
    ]);
  });

  it("refuses a template with no fields, a choice with one option, a repeated label or no name", () => {
    expect(inputError(() => checkTemplateDraft({ name: "T", fields: [field("")] })).message).toBe(
      "A template needs at least one field.",
    );
    expect(
      inputError(() =>
        checkTemplateDraft({ name: "T", fields: [field("Mobility", "choice", false, "Hoist")] }),
      ).field,
    ).toBe("choices-1");
    expect(
      inputError(() => checkTemplateDraft({ name: "T", fields: [field("A"), field("a")] })).field,
    ).toBe("label-2");
    expect(inputError(() => checkTemplateDraft({ name: " ", fields: [field("A")] })).field).toBe(
      "name",
    );
  });

  it("checks an item's values: required filled, choices among the options, checkboxes as yes", () => {
    const { fields } = checkTemplateDraft({
      name: "T",
      fields: [
        field("Summary", "long", true),
        field("Mobility", "choice", false, "Independent, Hoist"),
        field("Falls risk", "checkbox"),
      ],
    });
    const template = { id: "t", name: "T", fields };
    expect(
      checkFieldValues(template, { f1: " Chest pain ", f2: "Hoist", f3: "on", other: "x" }),
    ).toEqual({ f1: "Chest pain", f2: "Hoist", f3: "yes" });
    expect(inputError(() => checkFieldValues(template, { f1: "" })).field).toBe("field-f1");
    expect(inputError(() => checkFieldValues(template, { f1: "a", f2: "Stairs" })).message).toBe(
      'Choose one of the options for "Mobility".',
    );
    expect(inputError(() => checkFieldValues(template, { f1: "a".repeat(1501) })).message).toBe(
      "Summary must be 1500 characters or fewer.",
    );
  });
});
