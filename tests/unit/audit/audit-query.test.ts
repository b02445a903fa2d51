import { describe, expect, it } from "vitest";
import { auditFilterProblems, auditQueryFrom } from "~/web/audit-query";

describe("audit filter", () => {
  it("reads From and To as whole UK days, in summer and winter time", () => {
    const summer = auditQueryFrom(new URLSearchParams({ from: "2026-07-01", to: "2026-07-01" }));
    expect(summer.from?.toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(summer.to?.toISOString()).toBe("2026-07-01T23:00:00.000Z");
    const winter = auditQueryFrom(new URLSearchParams({ from: "2026-12-01" }));
    expect(winter.from?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
  });

  it("keeps a date that arrives with spaces round it, as the check that accepted it does", () => {
    const query = auditQueryFrom(new URLSearchParams({ to: " 2027-02-28 " }));
    expect(query.to?.toISOString()).toBe("2027-03-01T00:00:00.000Z");
    expect(auditFilterProblems(new URLSearchParams({ to: " 2027-02-28 " }))).toEqual([]);
  });

  it("ignores blank and malformed values instead of failing", () => {
    expect(
      auditQueryFrom(
        new URLSearchParams({ action: "", q: "  ", from: "yesterday", to: "2026-13-45" }),
      ),
    ).toEqual({
      action: undefined,
      text: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it("names a From or To date that does not exist, rather than reading 31 April as 1 May", () => {
    expect(
      auditFilterProblems(new URLSearchParams({ from: "2027-04-31", to: "2027-02-29" })),
    ).toEqual([
      {
        field: "from",
        message: "31 April 2027 does not exist. Enter the From date as a real date.",
      },
      {
        field: "to",
        message:
          "29 February 2027 does not exist (2027 is not a leap year). Enter the To date as a real date.",
      },
    ]);
    expect(auditFilterProblems(new URLSearchParams({ from: "2028-02-29", to: "" }))).toEqual([]);
  });
});
