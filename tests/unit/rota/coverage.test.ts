import { describe, expect, it } from "vitest";
import { coverageGaps, describeGaps, meetsQualification } from "~/models/rota/coverage";

const nurse = { grade: "Band 5 RN", skills: ["IV"] };
const sister = { grade: "Band 6 Sister/Charge Nurse", skills: ["IV", "Nurse in charge"] };
const hca = { grade: "Band 2 HCA", skills: [] };
const associate = { grade: "Band 4 Nursing Associate", skills: [] };

describe("who meets a requirement", () => {
  it("matches a grade exactly, whatever the case", () => {
    expect(meetsQualification(nurse, "band 5 rn")).toBe(true);
    expect(meetsQualification(sister, "Band 5 RN")).toBe(false);
  });

  it("matches whole words inside a grade, so HCA covers every band of HCA", () => {
    expect(meetsQualification(hca, "HCA")).toBe(true);
    expect(meetsQualification({ grade: "Band 3 HCA", skills: [] }, "HCA")).toBe(true);
    expect(meetsQualification(nurse, "RN")).toBe(true);
    // Not part of a word: "RN" is not in "RNA", "Band 5" is not "Band 55".
    expect(meetsQualification({ grade: "RNA", skills: [] }, "RN")).toBe(false);
    expect(meetsQualification({ grade: "Band 55", skills: [] }, "Band 5")).toBe(false);
  });

  it("matches a skill only as a whole skill", () => {
    expect(meetsQualification(sister, "nurse in charge")).toBe(true);
    expect(meetsQualification(sister, "charge")).toBe(true); // a word of the grade
    expect(meetsQualification(nurse, "IV")).toBe(true);
    expect(meetsQualification(associate, "Nurse")).toBe(false);
  });

  it("never matches an empty requirement", () => {
    expect(meetsQualification(nurse, "  ")).toBe(false);
  });
});

describe("coverage gaps", () => {
  const requirements = [
    { count: 2, qualification: "Band 5 RN" },
    { count: 1, qualification: "HCA" },
    { count: 1, qualification: "Nurse in charge" },
  ];

  it("finds nothing short when every requirement is met, one person counting for several", () => {
    const rn2 = { grade: "Band 5 RN", skills: ["Nurse in charge"] };
    expect(coverageGaps(requirements, [nurse, rn2, hca])).toEqual([]);
  });

  it("says how many of what are missing", () => {
    const gaps = coverageGaps(requirements, [nurse, associate]);
    expect(gaps).toEqual([
      { qualification: "Band 5 RN", need: 2, have: 1 },
      { qualification: "HCA", need: 1, have: 0 },
      { qualification: "Nurse in charge", need: 1, have: 0 },
    ]);
    expect(describeGaps(gaps)).toBe("1 Band 5 RN short (1 of 2), no HCA, no Nurse in charge");
  });

  it("finds every requirement short on an empty shift", () => {
    expect(coverageGaps(requirements, [])).toHaveLength(3);
    expect(coverageGaps([], [])).toEqual([]);
  });
});
