import { describe, expect, it } from "vitest";
import { PATIENT_DATA_REFUSAL, patientDataProblem } from "~/messaging/patient-data-guard";

const clinical = { clinical: true };
const nonClinical = { clinical: false };

describe("patientDataProblem", () => {
  it("refuses a valid NHS number when any member is non-clinical", () => {
    expect(patientDataProblem("Bed 2: 943 476 5919", [clinical, nonClinical])).toBe(
      PATIENT_DATA_REFUSAL,
    );
  });

  it("allows a valid NHS number when every member is clinical", () => {
    expect(patientDataProblem("Bed 2: 943 476 5919", [clinical, clinical])).toBeNull();
  });

  it("allows a message with no NHS number whoever is in the conversation", () => {
    expect(patientDataProblem("Can anyone cover Saturday?", [nonClinical])).toBeNull();
  });

  it("allows ten digits with a wrong check digit with non-clinical members", () => {
    expect(patientDataProblem("Order 943 476 5918", [nonClinical])).toBeNull();
  });

  it("says why the message was refused and where patient details belong", () => {
    expect(PATIENT_DATA_REFUSAL).toContain("not everyone in this conversation is clinical staff");
    expect(PATIENT_DATA_REFUSAL).toContain("the handover or the patient record");
  });
});
