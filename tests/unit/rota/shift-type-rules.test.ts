import { describe, expect, it } from "vitest";
import {
  checkShiftType,
  formatRequirements,
  nominalMinutes,
  parseRequirements,
} from "~/models/rota/shift-type-rules";

describe("staffing requirements as a manager types them", () => {
  it("reads counts per grade or skill in the usual spellings", () => {
    expect(parseRequirements("2 x Band 5 RN, 1 x HCA")).toEqual({
      ok: true,
      requirements: [
        { count: 2, qualification: "Band 5 RN" },
        { count: 1, qualification: "HCA" },
      ],
    });
    expect(parseRequirements("2x Band 5 RN; 1 × HCA\nNurse in charge")).toMatchObject({
      requirements: [
        { count: 2, qualification: "Band 5 RN" },
        { count: 1, qualification: "HCA" },
        { count: 1, qualification: "Nurse in charge" },
      ],
    });
  });

  it("adds up the same grade named twice, whatever its case", () => {
    expect(parseRequirements("1 x HCA, 2 x hca")).toMatchObject({
      requirements: [{ count: 3, qualification: "HCA" }],
    });
  });

  it("reads nothing as no requirements, and refuses silly counts", () => {
    expect(parseRequirements("  ")).toEqual({ ok: true, requirements: [] });
    expect(parseRequirements("0 x HCA")).toMatchObject({ ok: false });
    expect(parseRequirements("99 x HCA")).toMatchObject({
      ok: false,
      message: '"99 x HCA": the number must be between 1 and 50.',
    });
  });

  it("writes requirements back in the same form", () => {
    expect(
      formatRequirements([
        { count: 2, qualification: "Band 5 RN" },
        { count: 1, qualification: "HCA" },
      ]),
    ).toBe("2 x Band 5 RN, 1 x HCA");
  });
});

describe("shift types", () => {
  const valid = {
    code: "ld",
    name: " Long  day ",
    startLocal: "07:30",
    endLocal: "20:00",
    paidBreakMinutes: 60,
    colour: "green",
    requirements: "3 x Band 5 RN",
  };

  it("cleans up a valid shift type", () => {
    expect(checkShiftType(valid)).toEqual({
      ok: true,
      value: {
        code: "LD",
        name: "Long day",
        startLocal: "07:30",
        endLocal: "20:00",
        paidBreakMinutes: 60,
        colour: "green",
        requirements: [{ count: 3, qualification: "Band 5 RN" }],
      },
    });
  });

  it("reports every problem at once, by field", () => {
    const result = checkShiftType({
      code: "TOOLONG",
      name: "",
      startLocal: "7.30",
      endLocal: "25:00",
      paidBreakMinutes: -5,
      colour: "pink",
      requirements: "0 x HCA",
    });
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.errors.map((e) => e.field)).toEqual([
        "code",
        "name",
        "startLocal",
        "endLocal",
        "paidBreakMinutes",
        "colour",
        "requirements",
      ]);
  });

  it("refuses a break as long as the shift", () => {
    const result = checkShiftType({
      ...valid,
      startLocal: "09:00",
      endLocal: "10:00",
      paidBreakMinutes: 60,
    });
    expect(result).toMatchObject({
      ok: false,
      errors: [{ field: "paidBreakMinutes", message: "The break must be shorter than the shift." }],
    });
  });

  it("measures a shift that crosses midnight, and one that ends at its start time as 24 hours", () => {
    expect(nominalMinutes("20:00", "08:00")).toBe(12 * 60);
    expect(nominalMinutes("13:00", "00:00")).toBe(11 * 60);
    expect(nominalMinutes("09:00", "09:00")).toBe(24 * 60);
  });
});
