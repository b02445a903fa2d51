// The Patterns page's rota lines as pickers (issue 12): a select per day, named for its line, so
// a plain form post carries each line as seven values in order.
import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { getDb } from "~/db/connection.server";
import { rotaPatterns, shiftTypes } from "~/db/schema.server";
import { newId } from "~/models/ids.server";
import { action as patternsAction } from "~/routes/_app.team.$teamId.patterns";
import { createTwoWardTrust, signInAs } from "../../support/factories";
import { context, ORIGIN } from "../../support/requests";

let trust: Awaited<ReturnType<typeof createTwoWardTrust>>;

beforeEach(async () => {
  trust = await createTwoWardTrust();
  for (const [code, start, end] of [
    ["E", "07:30", "15:30"],
    ["L", "13:30", "21:30"],
  ] as const) {
    getDb()
      .insert(shiftTypes)
      .values({
        id: newId(),
        teamId: trust.ward7.id,
        code,
        name: code,
        startLocal: start,
        endLocal: end,
        colour: "blue",
      })
      .run();
  }
});

/** Posts the form as a browser would, repeated names and all. */
function post(fields: [string, string][]) {
  const body = new URLSearchParams(fields).toString();
  const request = new Request(`${ORIGIN}/team/${trust.ward7.id}/patterns`, {
    method: "POST",
    headers: {
      Origin: ORIGIN,
      "Content-Type": "application/x-www-form-urlencoded",
      Cookie: signInAs(trust.manager7.id).cookie,
    },
    body,
  });
  return patternsAction({ request, params: { teamId: trust.ward7.id }, context }) as Promise<{
    errors: { field?: string; message: string }[];
    done: string | null;
  }>;
}
const line = (n: number, days: string[]) => days.map((d): [string, string] => [`line${n}`, d]);
const base: [string, string][] = [
  ["intent", "lines"],
  ["cycleStart", "2027-01-04"],
];
const lines = () =>
  getDb()
    .select()
    .from(rotaPatterns)
    .where(eq(rotaPatterns.teamId, trust.ward7.id))
    .all()
    .map((p) => p.lines);

describe("rota lines from the pickers", () => {
  it("saves the lines chosen, a blank day as a day off, skipping lines with nothing chosen", async () => {
    const answer = await post([
      ...base,
      ...line(1, ["E", "E", "L", "", "", "-", "-"]),
      ...line(2, ["", "", "", "", "", "", ""]),
      ...line(3, ["-", "-", "-", "-", "-", "-", "L"]),
      ["userIds", trust.staff7.id],
    ]);
    expect(answer).toEqual({ errors: [], done: "Rotating rota saved for 1 person." });
    expect(lines()).toEqual([
      [
        ["E", "E", "L", null, null, null, null],
        [null, null, null, null, null, null, "L"],
      ],
    ]);
  });

  it("asks for at least one line when nothing is chosen, and saves nothing", async () => {
    const answer = await post([...base, ...line(1, ["", "", "", "", "", "", ""])]);
    expect(answer.errors).toEqual([
      { field: "lines", message: "Choose the shifts of at least one line." },
    ]);
    expect(lines()).toEqual([]);
  });

  it("names the line and day of a code the team does not have", async () => {
    const answer = await post([
      ...base,
      ...line(1, ["E", "Q", "", "", "", "", ""]),
      ["userIds", trust.staff7.id],
    ]);
    expect(answer.errors[0]?.message).toBe('Line 1, Tue: no shift type has the code "Q".');
    expect(lines()).toEqual([]);
  });

  it("prefers lines typed as text, for a cycle longer than the pickers", async () => {
    const answer = await post([
      ...base,
      ["lines", "L L - - - - -"],
      ...line(1, ["E", "", "", "", "", "", ""]),
      ["userIds", trust.staff7.id],
    ]);
    expect(answer.done).toBe("Rotating rota saved for 1 person.");
    expect(lines()).toEqual([[["L", "L", null, null, null, null, null]]]);
  });
});
