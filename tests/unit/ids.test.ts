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

  it("sorts time-ordered ids as text in the order of their times, over many years", () => {
    const times = Array.from({ length: 2000 }, (_, i) => Date.UTC(2026, 0, 1) + i * 7_919_993_117);
    const ids = times.map((t) => newTimeOrderedId(t));
    expect([...ids].sort()).toEqual(ids);
  });

  it("makes each id in the same millisecond greater than the one before, as messages are ordered", () => {
    const same = Array.from({ length: 1000 }, () => newTimeOrderedId(1_800_000_000_001));
    for (let i = 1; i < same.length; i++) expect(same[i]! > same[i - 1]!).toBe(true);
    // A step back in time starts afresh: the id carries the time given.
    const back = newTimeOrderedId(1_799_999_999_000);
    expect(back < same[0]!).toBe(true);
  });

  it("keeps secret tokens at 160 bits", () => {
    expect(newSecretToken()).toMatch(/^[a-z2-7]{32}$/);
  });
});
