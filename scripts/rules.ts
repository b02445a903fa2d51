// `npm run --silent rules -- --rule-set tcs2016 FILE`: checks the shifts in FILE (a JSON array of
// {"start", "end", "onCall"?}) against a working-time rule set and prints the breaches as JSON.
// Exit 0 with the breaches (possibly []); exit 1 with a message on stderr for bad input.
import fs from "node:fs";
import { parseShiftsJson } from "../app/models/rules/working-time-input";
import {
  evaluateWorkingTime,
  RULE_SETS,
  type RuleSetId,
} from "../app/models/rules/working-time-rules";
import { isKnownTimeZone } from "../app/models/time-zones";

const USAGE = `Usage: npm run --silent rules -- --rule-set ${RULE_SETS.join("|")} [--time-zone Europe/London] [--opted-out] FILE`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
let ruleSet: string | undefined;
let timeZone = "Europe/London";
let optedOut = false;
let file: string | undefined;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === "--rule-set") ruleSet = args[++i];
  else if (arg.startsWith("--rule-set=")) ruleSet = arg.slice("--rule-set=".length);
  else if (arg === "--time-zone") timeZone = args[++i] ?? "";
  else if (arg === "--opted-out") optedOut = true;
  else if (arg === "--help" || arg === "-h") {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  } else if (arg.startsWith("--")) fail(`Unknown option ${arg}.\n${USAGE}`);
  else if (file) fail(`Give one file, not several.\n${USAGE}`);
  else file = arg;
}
if (!ruleSet) fail(`Say which rule set to use with --rule-set.\n${USAGE}`);
if (!(RULE_SETS as readonly string[]).includes(ruleSet))
  fail(`Unknown rule set "${ruleSet}": use one of ${RULE_SETS.join(", ")}.`);
if (!isKnownTimeZone(timeZone))
  fail(`Unknown time zone "${timeZone}": use an IANA name such as Europe/London.`);
if (!file) fail(`Name the file of shifts to check.\n${USAGE}`);

let text: string;
try {
  text = fs.readFileSync(file, "utf8");
} catch (error) {
  fail(
    `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}.`,
  );
}
const parsed = parseShiftsJson(text);
if (!parsed.ok) fail(`${file} has problems:\n${parsed.problems.map((p) => `  ${p}`).join("\n")}`);
const breaches = evaluateWorkingTime(parsed.shifts, ruleSet as RuleSetId, { timeZone, optedOut });
process.stdout.write(`${JSON.stringify(breaches, null, 2)}\n`);
