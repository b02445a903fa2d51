// The handover page's `?done=` code is looked up among its own codes only: a name every object has
// (__proto__, constructor, toString) is no code, so the page renders without a message instead
// of handing React an object or a function (a 500).
import { beforeAll, describe, expect, it } from "vitest";
import { startHandover } from "~/models/handover/handovers.server";
import { changeKey } from "~/models/handover/shift-change";
import { loader as handoverLoader } from "~/routes/_app.handover.$teamId.$at";
import { actorFor, signInAs } from "../../support/factories";
import { callLoader } from "../../support/requests";
import { addShiftType, createWard, type Ward } from "../../support/ward";

let w: Ward;
let cookie: string;
const change = Date.UTC(2027, 0, 5, 20, 0);
const NOT_CODES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

beforeAll(async () => {
  w = await createWard();
  const D = addShiftType(w.ward, "D", "08:00", "20:00");
  w.rota("2027-01-04", "2027-01-10", [
    { userId: w.nia.id, type: D, date: "2027-01-05" },
    { userId: w.omar.id, type: w.types.N, date: "2027-01-05" },
  ]);
  startHandover({ actor: actorFor(w.nia.id), teamId: w.ward, at: change });
  cookie = signInAs(w.nia.id).cookie;
});

describe("the handover page's done code", () => {
  const load = async (done: string) =>
    (await callLoader(handoverLoader, {
      path: `/handover/${w.ward}/${changeKey(change)}?done=${encodeURIComponent(done)}`,
      cookie,
      params: { teamId: w.ward, at: changeKey(change) },
    })) as { done: unknown };

  it("shows the message of a real code", async () => {
    expect((await load("item-added")).done).toBe("Patient added.");
  });

  it.each(NOT_CODES)("renders ?done=%s without a message", async (code) => {
    expect((await load(code)).done).toBeNull();
  });
});
