import { describe, expect, it } from "vitest";
import { describeRecurrence, expandRecurrence, parseRecurrence } from "~/models/rota-patterns";
import { addDays, mondayOf } from "~/models/local-time";

const rules = [
  "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31;COUNT=5",
  "FREQ=WEEKLY;INTERVAL=0;COUNT=3",
  "FREQ=WEEKLY;INTERVAL=-1;COUNT=3",
  "FREQ=WEEKLY;BYDAY=XX;COUNT=3",
  "FREQ=WEEKLY;UNTIL=20261345",
  "FREQ=WEEKLY;UNTIL=abc",
  "FREQ=DAILY;BYHOUR=1,5;COUNT=6",
  "FREQ=WEEKLY;COUNT=3;BYSETPOS=9",
  "FREQ=WEEKLY;COUNT=3;WKST=ZZ",
  "FREQ=WEEKLY;COUNT=3;BYMONTHDAY=abc",
  "FREQ=WEEKLY;COUNT=3;BYDAY=+5MO",
  "FREQ=WEEKLY;COUNT=1e3",
  "FREQ=WEEKLY;UNTIL=99991231",
];

describe("scratch rrule", () => {
  for (const rule of rules) {
    it(rule, () => {
      const out: string[] = [];
      let t = performance.now();
      try {
        const p = parseRecurrence(rule, "2026-10-05");
        out.push(`parse ok=${p.ok} ${p.ok ? "" : p.message}`);
      } catch (e) {
        out.push(`parse THREW ${(e as Error).message}`);
      }
      try {
        out.push(`text=${describeRecurrence(rule, "2026-10-05")}`);
      } catch (e) {
        out.push(`text THREW ${(e as Error).message}`);
      }
      t = performance.now();
      try {
        const d = expandRecurrence(rule, "2026-10-05", { from: "2026-10-05", to: "2026-12-27" });
        out.push(`expand ${d.length} ${d.slice(0, 6).join(",")}`);
      } catch (e) {
        out.push(`expand THREW ${(e as Error).message}`);
      }
      out.push(`ms=${(performance.now() - t).toFixed(0)}`);
      console.log(rule, "\n  ", out.join("\n   "));
    });
  }
  it("dates", () => {
    for (const f of [() => mondayOf("0000-01-01"), () => addDays("9999-12-31", 1), () => addDays(mondayOf("0001-01-01"), 6)]) {
      try { console.log("date", f()); } catch (e) { console.log("date THREW", (e as Error).message); }
    }
  });
});
