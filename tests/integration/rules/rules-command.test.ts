// The `npm run rules` command as other tools use it: a real process, real files, exit codes.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const directory = fs.mkdtempSync(path.join(os.tmpdir(), "baton-rules-"));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = path.join(directory, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function rules(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/rules.ts", ...args], {
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fiveNights = [0, 1, 2, 3, 4].map((i) => ({
  start: `2026-11-0${2 + i}T20:00:00Z`,
  end: `2026-11-0${3 + i}T08:00:00Z`,
}));

describe("npm run rules", () => {
  it("prints the breaches as JSON, with indexes into the input, and exits 0", () => {
    const { status, stdout } = rules("--rule-set", "tcs2016", write("nights.json", fiveNights));
    expect(status).toBe(0);
    const breaches = JSON.parse(stdout) as { rule: string; shifts: number[]; message: string }[];
    expect(breaches.find((b) => b.rule === "tcs2016.nights")).toEqual({
      rule: "tcs2016.nights",
      shifts: [0, 1, 2, 3, 4],
      message: "5 night shifts in a row, Mon 2 Nov to Fri 6 Nov; the limit is 4.",
    });
  });

  it("prints [] for a compliant rota", () => {
    const { status, stdout } = rules("--rule-set", "wtr", write("ok.json", fiveNights.slice(0, 2)));
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it("exits 1 with a message naming each bad shift", () => {
    const file = write("bad.json", [
      { start: "2026-11-02T20:00:00Z", end: "2026-11-03T08:00:00Z" },
      { start: "2026-11-03 20:00", end: "2026-11-04T08:00:00Z" },
      { start: "2026-11-05T20:00:00Z", end: "2026-11-05T08:00:00Z", onCall: "yes" },
    ]);
    const { status, stdout, stderr } = rules("--rule-set", "tcs2016", file);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain('Shift 1: "start" must be an ISO 8601 date-time with an offset');
    expect(stderr).toContain('Shift 2: "onCall" must be true or false.');
  });

  it("exits 1 for a shift that ends before it starts, for broken JSON and for an unknown rule set", () => {
    expect(
      rules(
        "--rule-set",
        "tcs2016",
        write("backwards.json", [{ start: "2026-11-03T08:00:00Z", end: "2026-11-02T20:00:00Z" }]),
      ).stderr,
    ).toContain('Shift 0: "end" must be after "start".');
    expect(rules("--rule-set", "tcs2016", write("broken.json", "[{"))).toMatchObject({ status: 1 });
    expect(rules("--rule-set", "ewtd", write("x.json", []))).toMatchObject({
      status: 1,
      stderr: expect.stringContaining('Unknown rule set "ewtd"'),
    });
    expect(rules("--rule-set", "tcs2016", path.join(directory, "missing.json"))).toMatchObject({
      status: 1,
      stderr: expect.stringContaining("no such file"),
    });
  });
});

describe("npm run rules: issue 6 examples", () => {
  it("finds no daily-rest breach in a split day, 08:00-12:00 and 12:30-16:30, two days running", () => {
    const file = write("split.json", [
      { start: "2026-11-02T08:00:00Z", end: "2026-11-02T12:00:00Z" },
      { start: "2026-11-02T12:30:00Z", end: "2026-11-02T16:30:00Z" },
      { start: "2026-11-03T08:00:00Z", end: "2026-11-03T12:00:00Z" },
      { start: "2026-11-03T12:30:00Z", end: "2026-11-03T16:30:00Z" },
    ]);
    const { status, stdout } = rules("--rule-set", "wtr", file);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([]);
  });

  it("finds a daily-rest breach in a late then an early with 8 hours between", () => {
    const file = write("late-early.json", [
      { start: "2026-11-02T14:00:00Z", end: "2026-11-02T22:00:00Z" },
      { start: "2026-11-03T06:00:00Z", end: "2026-11-03T14:00:00Z" },
    ]);
    const { status, stdout } = rules("--rule-set", "wtr", file);
    expect(status).toBe(0);
    expect(JSON.parse(stdout)).toEqual([
      {
        rule: "wtr.daily-rest",
        shifts: [0, 1],
        message:
          "The longest rest in the 24 hours from Mon 2 Nov 14:00 is 8 h; at least 11 consecutive hours are needed.",
      },
    ]);
  });

  it("finds 16 nights of 19:30-08:00 in four weeks over the night average, opted out or not", () => {
    // Monday to Thursday nights for four weeks from Monday 2 November 2026 (GMT): 200 h.
    const nights = [0, 7, 14, 21].flatMap((week) =>
      [0, 1, 2, 3].map((day) => {
        const date = new Date(Date.UTC(2026, 10, 2 + week + day));
        const next = new Date(date.getTime() + 86_400_000);
        return {
          start: `${date.toISOString().slice(0, 10)}T19:30:00Z`,
          end: `${next.toISOString().slice(0, 10)}T08:00:00Z`,
        };
      }),
    );
    const { status, stdout } = rules("--rule-set", "wtr", "--opted-out", write("n.json", nights));
    expect(status).toBe(0);
    const breaches = JSON.parse(stdout) as { rule: string; message: string }[];
    expect(breaches.find((b) => b.rule === "wtr.night-average")?.message).toBe(
      "As a night worker, an average of 8 h 20 min in each 24 hours over 28 days less 4 days of weekly rest; the limit is 8 h.",
    );
  });

  it.each([
    ["2027-04-31T08:00:00+01:00", "31 April 2027 does not exist."],
    ["2027-02-30T08:00:00Z", "30 February 2027 does not exist."],
    ["2027-02-29T08:00:00Z", "29 February 2027 does not exist (2027 is not a leap year)."],
  ])("exits 1 for %s, a date that does not exist", (start, why) => {
    const file = write("no-such-day.json", [{ start, end: "2027-05-01T12:00:00+01:00" }]);
    const { status, stdout, stderr } = rules("--rule-set", "wtr", file);
    expect(status).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain(`Shift 0: "start" is not a real date: ${why}`);
  });

  it("accepts 29 February in a leap year", () => {
    const file = write("leap.json", [
      { start: "2028-02-29T08:00:00Z", end: "2028-02-29T16:00:00Z" },
    ]);
    expect(rules("--rule-set", "wtr", file)).toMatchObject({ status: 0, stdout: "[]\n" });
  });

  it("exits 1 for a time of day that does not exist", () => {
    const file = write("no-such-time.json", [
      { start: "2027-01-04T24:00:00Z", end: "2027-01-05T08:00:00Z" },
    ]);
    expect(rules("--rule-set", "wtr", file)).toMatchObject({
      status: 1,
      stderr: expect.stringContaining(
        'Shift 0: "start" is not a real time: 24:00:00 does not exist (times run from 00:00 to 23:59).',
      ),
    });
  });
});
