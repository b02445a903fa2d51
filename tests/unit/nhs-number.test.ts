import { describe, expect, it } from "vitest";
import { containsNhsNumber, findNhsNumbers, isValidNhsNumber } from "~/models/nhs-number";

describe("isValidNhsNumber", () => {
  it.each(["9434765919", "4010232137", "4857773457"])(
    "accepts %s, whose check digit matches",
    (digits) => {
      expect(isValidNhsNumber(digits)).toBe(true);
    },
  );

  it("rejects a number whose last digit is not the check digit", () => {
    expect(isValidNhsNumber("9434765918")).toBe(false);
  });

  it("accepts a number whose check comes to 11, written as 0", () => {
    // 1x10 + 4x3 = 22, 22 mod 11 = 0, 11 - 0 = 11, which is written 0.
    expect(isValidNhsNumber("1000000400")).toBe(true);
    expect(isValidNhsNumber("1000000401")).toBe(false);
  });

  it("rejects every number whose check would be 10, whatever its last digit", () => {
    // 6x2 = 12, 12 mod 11 = 1, 11 - 1 = 10: no digit can be the check, so none is valid.
    for (let last = 0; last <= 9; last++) expect(isValidNhsNumber(`000000006${last}`)).toBe(false);
  });

  it.each(["943476591", "94347659190", "943 476 5919", "94347659a9", ""])(
    "rejects %j, which is not ten bare digits",
    (text) => {
      expect(isValidNhsNumber(text)).toBe(false);
    },
  );
});

describe("findNhsNumbers", () => {
  it.each([
    ["plain", "Bed 4 is 9434765919, for review"],
    ["spaced", "Bed 4 is 943 476 5919, for review"],
    ["dashed", "Bed 4 is 943-476-5919, for review"],
    ["at the start", "9434765919 needs bloods"],
    ["at the end", "needs bloods: 943 476 5919"],
    ["in brackets", "Mr A (943 476 5919) in bay 2"],
    ["on its own line", "Bay 2\n943-476-5919\nobs 2-hourly"],
  ])("finds a valid number written %s", (_form, text) => {
    expect(findNhsNumbers(text)).toEqual(["9434765919"]);
  });

  it("finds each valid number in a text, in order", () => {
    expect(findNhsNumbers("401 023 2137 then 943-476-5919")).toEqual(["4010232137", "9434765919"]);
  });

  it("ignores ten digits with an invalid check digit", () => {
    expect(findNhsNumbers("Phone 943 476 5918 about it")).toEqual([]);
  });

  it.each([
    ["a digit before", "19434765919"],
    ["a digit after", "94347659190"],
    ["digits both sides", "0094347659190"],
    ["a long reference", "Ref 20269434765919 on the order"],
  ])("ignores a valid number inside a longer run of digits (%s)", (_where, text) => {
    expect(findNhsNumbers(text)).toEqual([]);
  });

  it("ignores a number whose separators are mixed or misplaced", () => {
    expect(findNhsNumbers("943 476-5919")).toEqual([]);
    expect(findNhsNumbers("9434 765 919")).toEqual([]);
    expect(findNhsNumbers("943  476  5919")).toEqual([]);
  });

  it("finds nothing in ordinary ward chat with times, dates and bed numbers", () => {
    expect(
      findNhsNumbers("Can anyone cover 07:30-20:00 on 03/12/2026? Bay 3 bed 12, ext 4471"),
    ).toEqual([]);
  });
});

describe("containsNhsNumber", () => {
  it("is true only when a valid number is present", () => {
    expect(containsNhsNumber("NHS no 943 476 5919")).toBe(true);
    expect(containsNhsNumber("NHS no 943 476 5918")).toBe(false);
  });
});
