// The rota as a spreadsheet grid, for wards that keep theirs in Excel: row 1 holds the dates
// (YYYY-MM-DD), column A holds each person's email, columns headed "name" and "grade" (which the
// export writes so that a manager finds people by name) are read past, and each cell holds the shift
// codes that person works that day ("E", "N", several as "E+N") or nothing for a day off. A day
// of approved leave or sickness carries its mark in brackets after any codes: "E (AL)" is an
// early still on the rota during annual leave, not worked; "(AL)" is a day of leave.
// Reading and writing the text needs no database; rota-import.server.ts checks the grid against
// the team (people, shift types, leave, clashes) and writes it.
import { csvCell } from "../audit/audit-export";
import { type DateKey, isDateKey, localTimeMinutes, nonexistentDateMessage } from "../local-time";
import { describePeriod } from "./rota-period-rules";
import { ABSENCE_MARKS } from "./shift-counts";

/** A problem in an uploaded file, named the way Excel shows the place: row 4, column C. */
export type RotaCsvProblem = { row: number; column: string; message: string };

/** Problems found so far: the first few are kept, the rest only counted (a file can be junk). */
export type RotaCsvProblems = { list: RotaCsvProblem[]; total: number };

export type RotaCsvCell = { column: string; date: DateKey; codes: string[] };
export type RotaCsvRow = { row: number; email: string; cells: RotaCsvCell[] };
export type RotaCsvGrid = { dates: { column: string; date: DateKey }[]; rows: RotaCsvRow[] };

/** Bigger than any real ward's rota (500 people x 84 days of short codes is about 250 kB). */
export const MAX_ROTA_CSV_BYTES = 1024 * 1024;
export const MAX_ROTA_CSV_PEOPLE = 500;
/** Enough to describe any real mistake; beyond this a file is counted, not itemised. */
const KEPT_PROBLEMS = 1000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DAY_FIRST_DATE = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;
// What formatRotaCsv (through csvCell) puts in front of a cell a spreadsheet would run as a formula.
const FORMULA_GUARD = /^'(?=[=+\-@\t\r])/;

export function newProblems(): RotaCsvProblems {
  return { list: [], total: 0 };
}

export function addProblem(problems: RotaCsvProblems, problem: RotaCsvProblem): void {
  problems.total += 1;
  if (problems.list.length < KEPT_PROBLEMS) problems.list.push(problem);
}

/** Problems in reading order: by row, then by column (B before AA). */
export function sortProblems(list: RotaCsvProblem[]): RotaCsvProblem[] {
  return [...list].sort(
    (a, b) =>
      a.row - b.row ||
      a.column.length - b.column.length ||
      (a.column < b.column ? -1 : a.column > b.column ? 1 : 0),
  );
}

/** Excel's letters for a 0-based column index: 0 is A, 25 is Z, 26 is AA, 701 is ZZ. */
export function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  }
  return name;
}

/** A value quoted in a message, cut short so that a pasted essay does not fill the page. */
export function quoted(value: string): string {
  return `"${value.length > 30 ? `${value.slice(0, 29)}…` : value}"`;
}

/**
 * Excel saves CSV with ";" between cells where the decimal separator is a comma (much of
 * Europe). The header row decides: with no comma outside quotes but a semicolon, it is ";".
 */
function detectDelimiter(text: string): "," | ";" {
  let inQuotes = false;
  let semicolon = false;
  for (const char of text) {
    if (char === '"') inQuotes = !inQuotes;
    else if (inQuotes) continue;
    else if (char === ",") return ",";
    else if (char === ";") semicolon = true;
    else if (char === "\n" || char === "\r") break;
  }
  return semicolon ? ";" : ",";
}

/**
 * Splits CSV text into records of cells (RFC 4180): quoted cells may hold the delimiter, line
 * breaks and doubled quotes; lines end in CRLF, LF or a lone CR. Like Excel, a quote inside an
 * unquoted cell, or text after a closing quote, is kept as it is. The one thing that cannot be
 * read is a quote that is never closed: everything after it would be one cell.
 *
 * Record i is Excel's row i + 1 (a line break inside quotes stays in the row, as Excel shows it).
 */
export function parseCsv(
  text: string,
): { ok: true; records: string[][] } | { ok: false; problem: RotaCsvProblem } {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const delimiter = detectDelimiter(body);
  const records: string[][] = [];
  let record: string[] = [];
  let cell = "";
  let atCellStart = true;
  let i = 0;
  while (i < body.length) {
    const char = body[i]!;
    if (atCellStart && char === '"') {
      const row = records.length + 1;
      const column = columnName(record.length);
      i += 1;
      let closed = false;
      while (i < body.length) {
        const end = body.indexOf('"', i);
        if (end < 0) break;
        cell += body.slice(i, end);
        if (body[end + 1] === '"') {
          cell += '"';
          i = end + 2;
        } else {
          i = end + 1;
          closed = true;
          break;
        }
      }
      if (!closed) {
        return {
          ok: false,
          problem: {
            row,
            column,
            message:
              'This cell opens a quote (") that is never closed, so the rest of the file cannot be read.',
          },
        };
      }
      atCellStart = false;
      continue;
    }
    atCellStart = false;
    if (char === delimiter) {
      record.push(cell);
      cell = "";
      atCellStart = true;
      i += 1;
    } else if (char === "\n" || char === "\r") {
      record.push(cell);
      records.push(record);
      record = [];
      cell = "";
      atCellStart = true;
      i += char === "\r" && body[i + 1] === "\n" ? 2 : 1;
    } else {
      cell += char;
      i += 1;
    }
  }
  // The last line may or may not end in a line break.
  if (!atCellStart || record.length > 0) {
    record.push(cell);
    records.push(record);
  }
  return { ok: true, records };
}

/** A cell as a person meant it: no surrounding spaces, no formula guard of ours or Excel's. */
function cleanCell(value: string | undefined): string {
  return (value ?? "").trim().replace(FORMULA_GUARD, "").trim();
}

const isBlankRecord = (record: string[]) => record.every((cell) => cleanCell(cell) === "");

/**
 * Headings of columns that are there for the reader, not the import: the export writes the
 * person's name and grade beside their email so that a manager edits rows by name in Excel.
 * Baton's own records decide who a row is (the email) and their grade, so these are ignored.
 */
export const IGNORED_HEADINGS = ["name", "grade"] as const;

function isIgnoredHeading(value: string): boolean {
  return (IGNORED_HEADINGS as readonly string[]).includes(value.toLowerCase());
}

/**
 * A heading as a date. YYYY-MM-DD is the format; a UK day-first date (19/10/2026) is read too,
 * because Excel in a UK locale saves a date cell that way however it was typed.
 */
function headingDate(value: string): DateKey | null {
  if (isDateKey(value)) return value;
  const dayFirst = DAY_FIRST_DATE.exec(value);
  if (!dayFirst) return null;
  const [, day, month, year] = dayFirst;
  const iso = `${year}-${month!.padStart(2, "0")}-${day!.padStart(2, "0")}`;
  return isDateKey(iso) ? iso : null;
}

function headerDateProblem(value: string): string {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const dayFirst = DAY_FIRST_DATE.exec(value);
  const [year, month, day] = iso
    ? [iso[1], iso[2], iso[3]]
    : dayFirst
      ? [dayFirst[3], dayFirst[2], dayFirst[1]]
      : [];
  if (year) {
    const missing = nonexistentDateMessage(Number(year), Number(month), Number(day));
    return `${quoted(value)} is not a real date${missing ? `: ${missing}` : "."}`;
  }
  return `${quoted(value)} is not a date. Write each date in row 1 as YYYY-MM-DD, for example 2026-10-19.`;
}

/**
 * An absence mark at the end of a cell, "(AL)", "(Sick)": written by the export, ignored by the
 * import. Shift codes are letters and digits only, so a bracketed mark is never a code.
 */
const ABSENCE_MARK = new RegExp(`\\s*\\((${Object.values(ABSENCE_MARKS).join("|")})\\)$`, "i");

/** A cell's text: the codes joined by "+", then the absence mark, if any, in brackets. */
export function formatCell(codes: string[], absenceMark: string | null = null): string {
  const joined = codes.join("+");
  if (!absenceMark) return joined;
  return joined ? `${joined} (${absenceMark})` : `(${absenceMark})`;
}

/**
 * The codes in a cell: one code, or several joined by "+" or "/" ("E+N"), in any case, and an
 * absence mark after them ("E (AL)") that is read past: leave is Baton's record, not the file's,
 * and a code on a day of leave is only kept if that shift is already on the rota (the import
 * refuses to add one). Returns the codes upper-cased, or why the cell cannot be read. Whether
 * each code is one of the team's shift types is for the caller, who knows them.
 */
export function readCellCodes(
  cell: string,
): { ok: true; codes: string[] } | { ok: false; message: string } {
  const value = cell.replace(ABSENCE_MARK, "");
  if (value === "") return { ok: true, codes: [] };
  const codes = value.split(/[+/]/).map((code) => code.trim().toUpperCase());
  if (codes.some((code) => code === ""))
    return {
      ok: false,
      message: `${quoted(value)} has a gap: write one shift code, or join several with + as in E+N.`,
    };
  const twice = codes.find((code, index) => codes.indexOf(code) !== index);
  if (twice) return { ok: false, message: `${quoted(value)} names ${twice} twice.` };
  return { ok: true, codes };
}

/**
 * Reads an uploaded rota: its shape, dates, emails and the codes in each cell. Returns the grid
 * (leaving out whatever could not be read) with every problem found, so that a person fixes the
 * whole file in one go. With a period, dates outside it are problems too.
 *
 * Rows that are entirely blank are skipped wherever they are (spreadsheets save formatted but
 * empty rows as ",,,,"), and a row shorter than the header is blank in its missing cells.
 */
export function readRotaCsv(
  text: string,
  period?: { startDate: DateKey; endDate: DateKey },
): { grid: RotaCsvGrid; problems: RotaCsvProblems } {
  const problems = newProblems();
  const grid: RotaCsvGrid = { dates: [], rows: [] };
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    addProblem(problems, parsed.problem);
    return { grid, problems };
  }
  const records = parsed.records
    .map((cells, index) => ({ row: index + 1, cells }))
    .filter((record) => !isBlankRecord(record.cells));
  const [header, ...people] = records;
  if (!header) {
    addProblem(problems, {
      row: 1,
      column: "A",
      message:
        "The file is empty. Put the dates in row 1 from column B, and a row for each person.",
    });
    return { grid, problems };
  }
  const tooMany = people[MAX_ROTA_CSV_PEOPLE];
  if (tooMany) {
    addProblem(problems, {
      row: tooMany.row,
      column: "A",
      message: `The file has more than ${MAX_ROTA_CSV_PEOPLE} people in it. Import at most ${MAX_ROTA_CSV_PEOPLE} rows at a time.`,
    });
    return { grid, problems };
  }

  // Columns whose heading is not a usable date are left out of every row: a problem is
  // reported once, on the heading, rather than on every cell beneath it.
  const dateOf = new Map<number, DateKey>();
  const unreadable = new Set<number>();
  // "name" and "grade" columns: whatever is under them is the reader's, not the import's.
  const ignored = new Set<number>();
  const seen = new Map<DateKey, string>();
  const headingProblem = (value: string, date: DateKey | null): string | null => {
    if (!date) return headerDateProblem(value);
    const earlier = seen.get(date);
    if (earlier) return `${date} is already in column ${earlier}.`;
    if (period && (date < period.startDate || date > period.endDate))
      return `${date} is outside this rota period (${describePeriod(period.startDate, period.endDate)}).`;
    return null;
  };
  header.cells.forEach((raw, index) => {
    const value = cleanCell(raw);
    if (index === 0 || value === "") return;
    if (isIgnoredHeading(value)) {
      ignored.add(index);
      return;
    }
    const column = columnName(index);
    const date = headingDate(value);
    const message = headingProblem(value, date);
    if (date && !seen.has(date)) seen.set(date, column);
    if (message || !date) {
      unreadable.add(index);
      addProblem(problems, {
        row: header.row,
        column,
        message: message ?? headerDateProblem(value),
      });
    } else {
      dateOf.set(index, date);
      grid.dates.push({ column, date });
    }
  });
  if (dateOf.size === 0 && unreadable.size === 0) {
    addProblem(problems, {
      row: header.row,
      column: columnName(1 + ignored.size),
      message: `Put the dates in row 1 from column ${columnName(1 + ignored.size)}, written as YYYY-MM-DD.`,
    });
  }
  if (people.length === 0) {
    addProblem(problems, {
      row: header.row + 1,
      column: "A",
      message: "Add a row for each person below the dates, with their email in column A.",
    });
  }

  const rowOfEmail = new Map<string, number>();
  for (const record of people) {
    const typed = cleanCell(record.cells[0]);
    const email = typed.toLowerCase();
    const problem = (column: string, message: string) =>
      addProblem(problems, { row: record.row, column, message });
    let emailOk = false;
    if (email === "") problem("A", "Enter the person's email in column A.");
    else if (!EMAIL.test(email)) problem("A", `${quoted(typed)} is not an email address.`);
    else if (rowOfEmail.has(email))
      problem(
        "A",
        `${email} is already in row ${rowOfEmail.get(email)}: give each person one row.`,
      );
    else {
      rowOfEmail.set(email, record.row);
      emailOk = true;
    }

    // A non-blank cell under a blank heading (or past the last one) belongs to no date; one
    // under a bad heading was reported with the heading.
    record.cells.forEach((raw, index) => {
      if (index === 0 || dateOf.has(index) || unreadable.has(index) || ignored.has(index)) return;
      if (cleanCell(raw) !== "")
        problem(columnName(index), "This cell has no date above it in row 1.");
    });
    const cells: RotaCsvCell[] = [];
    for (const [index, date] of dateOf) {
      // A row shorter than the header is blank at its end: no shift those days.
      const codes = readCellCodes(cleanCell(record.cells[index]));
      if (codes.ok) cells.push({ column: columnName(index), date, codes: codes.codes });
      else problem(columnName(index), codes.message);
    }
    // A row without a usable email is reported above and left out: it names nobody to check.
    if (emailOk) grid.rows.push({ row: record.row, email, cells });
  }
  return { grid, problems };
}

/**
 * The rota in the same format the import reads: "email", "name", "grade" and the dates in row 1,
 * a row per person, a person's codes on a day joined by "+". The name and grade columns are for
 * the reader (the import ignores them by their headings). CRLF line ends and quoting as RFC 4180;
 * any cell a spreadsheet would run as a formula gets an apostrophe first. Codes cannot start with
 * one of = + - @, but an email or a name can ("-ward7@…" is a valid address), and the guard costs
 * nothing.
 *
 * @param rows one per person: `codes[i]` and `absenceMarks[i]` belong to `dates[i]`
 */
export function formatRotaCsv(
  dates: DateKey[],
  rows: {
    email: string;
    name: string;
    grade: string;
    codes: string[][];
    absenceMarks?: (string | null)[];
  }[],
): string {
  const lines = [
    ["email", ...IGNORED_HEADINGS, ...dates],
    ...rows.map((row) => [
      row.email,
      row.name,
      row.grade,
      ...dates.map((_, index) =>
        formatCell(row.codes[index] ?? [], row.absenceMarks?.[index] ?? null),
      ),
    ]),
  ];
  return `${lines.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** A shift type as the import page's example needs it: its code and local times ("07:30"). */
export type ExampleShiftType = { code: string; startLocal: string; endLocal: string };

/** Used when a team has fewer than three shift types: the usual ward day. */
const USUAL_TYPES: ExampleShiftType[] = [
  { code: "E", startLocal: "07:30", endLocal: "15:30" },
  { code: "L", startLocal: "13:30", endLocal: "21:30" },
  { code: "N", startLocal: "19:30", endLocal: "08:00" },
];

/**
 * Two of the types one person can work on the same day, the first ending before the second
 * starts (an early and a night, never an early and a late, which overlap), or null when no two
 * can. `types` in order of start time. Minutes past midnight; an end at or before its start is
 * the next morning.
 */
export function sameDayPair(types: ExampleShiftType[]): [string, string] | null {
  const span = (t: ExampleShiftType) => {
    const start = localTimeMinutes(t.startLocal) ?? 0;
    const end = localTimeMinutes(t.endLocal) ?? 0;
    return { start, end: end <= start ? end + 24 * 60 : end };
  };
  for (const [i, a] of types.entries()) {
    const first = span(a);
    if (first.end > 24 * 60) continue;
    for (const b of types.slice(i + 1)) {
      if (span(b).start >= first.end) return [a.code, b.code];
    }
  }
  return null;
}

/**
 * The import page's example file (header and two rows, as lines of CSV) for the first three
 * dates of a period, in the team's own codes, so that it would import as it stands once the
 * addresses are the team's (issue 12: the example `E+L` could never import, an early and a late
 * overlap). Two codes in one cell are a pair that fits one day (`sameDayPair`); with no such
 * pair the example shows one code a cell. `types` in order of start time.
 */
export function rotaCsvExample(
  dates: [DateKey, DateKey, DateKey],
  types: ExampleShiftType[],
): string[] {
  const list = types.length >= 3 ? types : USUAL_TYPES;
  const [first, second, third] = list.map((t) => t.code) as [string, string, string];
  const pair = sameDayPair(list);
  return [
    `email,${dates.join(",")}`,
    `sam.jones@example.nhs.uk,${first},,${second}`,
    pair
      ? `alex.khan@example.nhs.uk,,${pair[0]},${pair[0]}+${pair[1]}`
      : `alex.khan@example.nhs.uk,,${third},`,
  ];
}
