import { describe, expect, it } from "vitest";
import { auditQueryFrom } from "~/web/audit-query";

describe("audit filter", () => {
  it("reads From and To as whole UK days, in summer and winter time", () => {
    const summer = auditQueryFrom(new URLSearchParams({ from: "2026-07-01", to: "2026-07-01" }));
    expect(summer.from?.toISOString()).toBe("2026-06-30T23:00:00.000Z");
    expect(summer.to?.toISOString()).toBe("2026-07-01T23:00:00.000Z");
    const winter = auditQueryFrom(new URLSearchParams({ from: "2026-12-01" }));
    expect(winter.from?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
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
});
