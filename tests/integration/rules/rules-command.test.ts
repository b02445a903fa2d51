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
