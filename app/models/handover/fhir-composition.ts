// An accepted handover as an HL7 FHIR R4 Composition (JSON), for filing in the clinical record.
// Pure. One section per heading of the handover's template (templates.ts `templateHeadings`:
// illness severity, the template's fields, actions, contingency, the receiver's synthesis) and
// one for addenda when there are any. Each section's narrative lists every patient handed over
// under that heading, as XHTML (FHIR R4 Narrative: a div in the XHTML namespace). The handover
// covers many patients, so the Composition has no single `subject`; the patients are named in
// the narrative as the ward wrote them (initials, or name and NHS number).
import type { HandoverTemplateSnapshot } from "~/db/schema.server";
import { templateHeadings } from "./templates";

export type ExportItem = {
  ward: string;
  bay: string;
  bed: string;
  patient: string;
  nhsNumber: string | null;
  severityLabel: string;
  status: string;
  dropReason: string;
  fields: { key: string; label: string; kind: string; value: string }[];
  contingency: string;
  actions: { what: string; owner: string | null; due: string | null; status: string }[];
  syntheses: { name: string; note: string; at: string }[];
};

export type ExportHandover = {
  id: string;
  teamName: string;
  /** "Tue 1 Dec, 19:30". */
  label: string;
  /** ISO 8601 instants. */
  atIso: string;
  acceptedAtIso: string;
  acceptedBy: string;
  outgoing: string[];
  template: HandoverTemplateSnapshot;
  items: ExportItem[];
  addenda: { author: string; atIso: string; body: string }[];
};

/** Escapes text for XHTML. */
function escapeXhtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

function div(paragraphs: string[]): string {
  const body = paragraphs.length ? paragraphs.join("") : "<p>None.</p>";
  return `<div xmlns="http://www.w3.org/1999/xhtml">${body}</div>`;
}

/** "Bay 3, Bed 2: J.S. (NHS 943 476 5919)": who and where, as the ward wrote it. */
export function patientLine(item: ExportItem): string {
  const place = [item.ward, item.bay, item.bed].filter(Boolean).join(", ");
  const nhs = item.nhsNumber
    ? ` (NHS ${item.nhsNumber.slice(0, 3)} ${item.nhsNumber.slice(3, 6)} ${item.nhsNumber.slice(6)})`
    : "";
  return `${place ? `${place}: ` : ""}${item.patient}${nhs}`;
}

function sectionText(key: string, item: ExportItem): string | null {
  if (key === "severity") {
    const closed =
      item.status === "resolved"
        ? " (resolved)"
        : item.status === "dropped"
          ? ` (dropped: ${item.dropReason})`
          : "";
    return `${item.severityLabel}${closed}`;
  }
  if (key.startsWith("field:")) {
    const field = item.fields.find((f) => `field:${f.key}` === key);
    if (!field?.value) return null;
    return field.kind === "checkbox" ? "Yes" : field.value;
  }
  if (key === "actions") {
    if (item.actions.length === 0) return null;
    return item.actions
      .map((a) => {
        const who = [a.owner, a.due ? `by ${a.due}` : null].filter(Boolean).join(", ");
        return `${a.what}${who ? ` (${who})` : ""}: ${a.status}`;
      })
      .join("; ");
  }
  if (key === "contingency") return item.contingency || null;
  if (key === "synthesis") {
    if (item.syntheses.length === 0) return null;
    return item.syntheses
      .map((s) => `Confirmed by ${s.name} at ${s.at}${s.note ? `: ${s.note}` : ""}`)
      .join("; ");
  }
  return null;
}

/**
 * The FHIR R4 Composition of an accepted handover: status final, dated when it was accepted,
 * authored by the outgoing staff and attested by the receiver who accepted it, with the shift
 * change as its event period's start.
 */
export function handoverComposition(handover: ExportHandover): Record<string, unknown> {
  const sections = templateHeadings(handover.template).map((heading) => ({
    title: heading.title,
    text: {
      status: "generated",
      div: div(
        handover.items.flatMap((item) => {
          const text = sectionText(heading.key, item);
          return text === null
            ? []
            : [`<p><b>${escapeXhtml(patientLine(item))}</b>: ${escapeXhtml(text)}</p>`];
        }),
      ),
    },
  }));
  if (handover.addenda.length) {
    sections.push({
      title: "Addenda",
      text: {
        status: "generated",
        div: div(
          handover.addenda.map(
            (a) =>
              `<p><b>${escapeXhtml(a.author)}, ${escapeXhtml(a.atIso)}</b>: ${escapeXhtml(a.body)}</p>`,
          ),
        ),
      },
    });
  }
  const authors = handover.outgoing.length ? handover.outgoing : [handover.acceptedBy];
  return {
    resourceType: "Composition",
    id: handover.id,
    status: "final",
    type: { text: `Shift handover (${handover.template.name})` },
    date: handover.acceptedAtIso,
    author: authors.map((name) => ({ display: name })),
    title: `Handover, ${handover.teamName}, ${handover.label}`,
    attester: [
      {
        mode: "professional",
        time: handover.acceptedAtIso,
        party: { display: handover.acceptedBy },
      },
    ],
    event: [{ period: { start: handover.atIso } }],
    section: sections,
  };
}
