import { describe, expect, it } from "vitest";
import { newId, newSecretToken, newTimeOrderedId } from "~/models/ids.server";

describe("identifiers", () => {
  it("makes distinct 80-bit ids from the pooled generator, across pool refills", () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z2-7]{16}$/);
  });

  it("orders time-ordered ids by their time, and keeps them unguessable within a millisecond", () => {
    const earlier = newTimeOrderedId(Date.UTC(2026, 10, 27, 9, 0, 0));
    const later = newTimeOrderedId(Date.UTC(2026, 10, 27, 9, 0, 1));
    expect(earlier < later).toBe(true);
    expect(earlier).toMatch(/^[a-z2-7]{26}$/);
    const same = Array.from({ length: 100 }, () => newTimeOrderedId(1_800_000_000_000));
    expect(new Set(same).size).toBe(100);
    expect(new Set(same.map((id) => id.slice(0, 9))).size).toBe(1);
  });

  it("keeps secret tokens at 160 bits", () => {
    expect(newSecretToken()).toMatch(/^[a-z2-7]{32}$/);
  });
});
