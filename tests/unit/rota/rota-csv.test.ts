import { describe, expect, it } from "vitest";
import {
  addProblem,
  columnName,
  formatRotaCsv,
  newProblems,
  parseCsv,
  readCellCodes,
  readRotaCsv,
  sortProblems,
} from "~/models/rota/rota-csv";

const records = (text: string) => {
  const parsed = parseCsv(text);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.records;
};

/** The problems of a file as "row column: message" lines, in reading order. */
const problemsOf = (text: string, period?: { startDate: string; endDate: string }) =>
  sortProblems(readRotaCsv(text, period).problems.list).map(
    (p) => `${p.row} ${p.column}: ${p.message}`,
  );

const PERIOD = { startDate: "2026-10-19", endDate: "2026-11-15" };

describe("reading CSV text (RFC 4180)", () => {
  it("reads nothing from an empty file or one holding only a byte order mark", () => {
    expect(records("")).toEqual([]);
    expect(records("\uFEFF")).toEqual([]);
  });

  it("reads a single cell with no line break at the end", () => {
    expect(records("a")).toEqual([["a"]]);
  });

  it("keeps an empty last cell after a trailing delimiter", () => {
    expect(records("a,\n")).toEqual([["a", ""]]);
    expect(records(",")).toEqual([["", ""]]);
  });

  it("ends lines at CRLF, LF or a lone CR, with no extra row for the final line break", () => {
    expect(records("a,b\r\nc,d\r\n")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(records("a,b\nc,d")).toEqual([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(records("a\rb\r")).toEqual([["a"], ["b"]]);
  });

  it("keeps blank lines as rows, so that row numbers match the spreadsheet", () => {
    expect(records("a\n\nb\n\n\n")).toEqual([["a"], [""], ["b"], [""], [""]]);
  });

  it("reads quoted cells holding delimiters, line breaks and doubled quotes", () => {
    expect(records('"a,b","say ""hi""","line\r\nbreak"\r\nx')).toEqual([
      ["a,b", 'say "hi"', "line\r\nbreak"],
      ["x"],
    ]);
  });

  it("reads a quoted empty cell as empty, and a quoted last cell with no line break", () => {
    expect(records('""')).toEqual([[""]]);
    expect(records('a,""')).toEqual([["a", ""]]);
    expect(records('a,"b"')).toEqual([["a", "b"]]);
  });

  it("keeps a quote inside an unquoted cell, and text after a closing quote, as Excel does", () => {
    expect(records('ab"c,d')).toEqual([['ab"c', "d"]]);
    expect(records('"ab"c,d')).toEqual([["abc", "d"]]);
  });

  it("names the row and column of a quote that is never closed", () => {
    const parsed = parseCsv('email,2026-10-19\na@b.nhs.uk,"E\n');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatchObject({ row: 2, column: "B" });
  });

  it("counts a line break inside quotes as part of its row, as Excel shows it", () => {
    const parsed = parseCsv('"a\nb",c\nd,"e');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toMatchObject({ row: 2, column: "B" });
  });

  it("uses semicolons when the header row has none of its commas outside quotes", () => {
    expect(records("email;2026-10-19\r\na@b.nhs.uk;E")).toEqual([
      ["email", "2026-10-19"],
      ["a@b.nhs.uk", "E"],
    ]);
    expect(records('"a,b";2026-10-19\nx;y')).toEqual([
      ["a,b", "2026-10-19"],
      ["x", "y"],
    ]);
  });

  it("uses commas when the header row has any, even with semicolons in it too", () => {
    expect(records("email,2026-10-19;x")).toEqual([["email", "2026-10-19;x"]]);
  });
});

describe("spreadsheet column letters", () => {
  it("counts A to Z, then AA, and on to three letters", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      "A",
      "B",
      "Z",
      "AA",
      "AB",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });

  it("sorts problems by row, then column, with B before AA", () => {
    const sorted = sortProblems([
      { row: 3, column: "A", message: "" },
      { row: 2, column: "AA", message: "" },
      { row: 2, column: "B", message: "" },
      { row: 2, column: "C", message: "" },
    ]);
    expect(sorted.map((p) => `${p.row}${p.column}`)).toEqual(["2B", "2C", "2AA", "3A"]);
  });

  it("keeps the first thousand problems and counts the rest", () => {
    const problems = newProblems();
    for (let i = 0; i < 1500; i++) addProblem(problems, { row: i, column: "A", message: "x" });
    expect(problems.list).toHaveLength(1000);
    expect(problems.total).toBe(1500);
  });
});

describe("shift codes in a cell", () => {
  it("reads a blank cell as no shift", () => {
    expect(readCellCodes("")).toEqual({ ok: true, codes: [] });
  });

  it("reads codes in any case, alone or joined by + or /", () => {
    expect(readCellCodes("e")).toEqual({ ok: true, codes: ["E"] });
    expect(readCellCodes("E+N")).toEqual({ ok: true, codes: ["E", "N"] });
    expect(readCellCodes("ld / n")).toEqual({ ok: true, codes: ["LD", "N"] });
  });

  it("refuses a gap between joins, and a code named twice", () => {
    expect(readCellCodes("E+")).toMatchObject({ ok: false, message: expect.stringMatching(/gap/) });
    expect(readCellCodes("+")).toMatchObject({ ok: false });
    expect(readCellCodes("E++N")).toMatchObject({ ok: false });
    expect(readCellCodes("E+e")).toEqual({ ok: false, message: '"E+e" names E twice.' });
  });

  it("reads past the leave mark the export writes after a day's codes", () => {
    expect(readCellCodes("E (AL)")).toEqual({ ok: true, codes: ["E"] });
    expect(readCellCodes("e+n (sick)")).toEqual({ ok: true, codes: ["E", "N"] });
    expect(readCellCodes("(SL)")).toEqual({ ok: true, codes: [] });
  });

  it("reads a bracket that is not a leave mark as a code, for the import to refuse", () => {
    expect(readCellCodes("E (XX)")).toEqual({ ok: true, codes: ["E (XX)"] });
  });
});

describe("reading a rota file", () => {
  it("says an empty file is empty, including one of blank rows and bare delimiters", () => {
    for (const text of ["", "\uFEFF", "\r\n\r\n", ",,,\r\n,,,\r\n"]) {
      expect(problemsOf(text)).toEqual([
        "1 A: The file is empty. Put the dates in row 1 from column B, and a row for each person.",
      ]);
    }
  });

  it("asks for people when the file has only the dates", () => {
    expect(problemsOf("email,2026-10-19\r\n")).toEqual([
      "2 A: Add a row for each person below the dates, with their email in column A.",
    ]);
  });

  it("asks for dates when row 1 has none", () => {
    expect(problemsOf("email\r\na@b.nhs.uk\r\n")).toEqual([
      "1 B: Put the dates in row 1 from column B, written as YYYY-MM-DD.",
    ]);
  });

  it("accepts anything in the first cell of row 1", () => {
    const { grid, problems } = readRotaCsv("Staff member,2026-10-19\r\na@b.nhs.uk,E\r\n");
    expect(problems.total).toBe(0);
    expect(grid.dates).toEqual([{ column: "B", date: "2026-10-19" }]);
  });

  it("refuses dates that do not exist, are not dates, repeat, or fall outside the period", () => {
    const text = [
      "email,2026-02-30,31/02/2026,Monday,2026-10-20,20/10/2026,2026-12-01",
      "a@b.nhs.uk,E,E,E,E,E,E",
    ].join("\r\n");
    expect(problemsOf(text, PERIOD)).toEqual([
      '1 B: "2026-02-30" is not a real date: 30 February 2026 does not exist.',
      '1 C: "31/02/2026" is not a real date: 31 February 2026 does not exist.',
      '1 D: "Monday" is not a date. Write each date in row 1 as YYYY-MM-DD, for example 2026-10-19.',
      "1 F: 2026-10-20 is already in column E.",
      "1 G: 2026-12-01 is outside this rota period (Mon 19 Oct to Sun 15 Nov 2026 (4 weeks)).",
    ]);
  });

  it("reads UK day-first dates, as Excel saves them in a UK locale", () => {
    const { grid, problems } = readRotaCsv(
      "email,19/10/2026,20/10/2026,1/11/2026\r\na@b.nhs.uk,E,L,N\r\n",
    );
    expect(problems.total).toBe(0);
    expect(grid.dates.map((d) => d.date)).toEqual(["2026-10-19", "2026-10-20", "2026-11-01"]);
  });

  it("reads 29 February as a heading in a leap year only, ISO or day-first", () => {
    expect(problemsOf("email,2028-02-29,29/02/2028\r\na@b.nhs.uk,E,\r\n")).toEqual([
      "1 C: 2028-02-29 is already in column B.",
    ]);
    expect(problemsOf("email,29/02/2027\r\na@b.nhs.uk,E\r\n")).toEqual([
      '1 B: "29/02/2027" is not a real date: 29 February 2027 does not exist (2027 is not a leap year).',
    ]);
  });

  it("reports a bad heading once, not again on each cell beneath it", () => {
    const text = "email,2026-10-32\r\na@b.nhs.uk,E\r\nc@d.nhs.uk,N\r\n";
    expect(problemsOf(text)).toEqual([
      '1 B: "2026-10-32" is not a real date: 32 October 2026 does not exist.',
    ]);
  });

  it("ignores blank columns, but not a cell with no date above it", () => {
    const text = "email,2026-10-19,,\r\na@b.nhs.uk,E,,\r\nc@d.nhs.uk,N,,L,X\r\n";
    expect(problemsOf(text)).toEqual([
      "3 D: This cell has no date above it in row 1.",
      "3 E: This cell has no date above it in row 1.",
    ]);
  });

  it("names rows without a usable email, and a person who appears twice", () => {
    const text = [
      "email,2026-10-19",
      ",E",
      "not an email,E",
      "Sam@Ward.nhs.uk,E",
      " sam@ward.nhs.uk ,N",
    ].join("\r\n");
    expect(problemsOf(text)).toEqual([
      "2 A: Enter the person's email in column A.",
      '3 A: "not an email" is not an email address.',
      "5 A: sam@ward.nhs.uk is already in row 4: give each person one row.",
    ]);
  });

  it("names each cell whose codes cannot be read", () => {
    const text = "email,2026-10-19,2026-10-20\r\na@b.nhs.uk,E+,N/n\r\n";
    expect(problemsOf(text)).toEqual([
      '2 B: "E+" has a gap: write one shift code, or join several with + as in E+N.',
      '2 C: "N/n" names N twice.',
    ]);
  });

  it("counts rows as the spreadsheet does, skipping blank rows but keeping their numbers", () => {
    const text = "email,2026-10-19\r\n\r\n,,\r\nbad,E\r\n";
    expect(problemsOf(text)).toEqual(['4 A: "bad" is not an email address.']);
  });

  it("lower-cases emails, trims cells and upper-cases codes", () => {
    const { grid } = readRotaCsv(
      "email,2026-10-19,2026-10-20\r\n  Sam@Ward.NHS.uk , e , ld+n \r\n",
    );
    expect(grid.rows).toEqual([
      {
        row: 2,
        email: "sam@ward.nhs.uk",
        cells: [
          { column: "B", date: "2026-10-19", codes: ["E"] },
          { column: "C", date: "2026-10-20", codes: ["LD", "N"] },
        ],
      },
    ]);
  });

  it("reads the missing cells of a short row as blank days", () => {
    const { grid, problems } = readRotaCsv(
      "email,2026-10-19,2026-10-20,2026-10-21\r\na@b.nhs.uk,E\r\n",
    );
    expect(problems.total).toBe(0);
    expect(grid.rows[0]!.cells.map((c) => c.codes)).toEqual([["E"], [], []]);
  });

  it("strips the apostrophe that guards a formula-like cell", () => {
    const { grid, problems } = readRotaCsv("email,2026-10-19\r\n'-ward7@trust.nhs.uk,E\r\n");
    expect(problems.total).toBe(0);
    expect(grid.rows[0]!.email).toBe("-ward7@trust.nhs.uk");
  });

  it("reads a European Excel file: byte order mark, semicolons and CRLF", () => {
    const { grid, problems } = readRotaCsv(
      "\uFEFFemail;2026-10-19;2026-10-20\r\na@b.nhs.uk;E;\r\nc@d.nhs.uk;;N\r\n;;\r\n",
    );
    expect(problems.total).toBe(0);
    expect(grid.rows.map((r) => [r.email, r.cells.map((c) => c.codes.join("+"))])).toEqual([
      ["a@b.nhs.uk", ["E", ""]],
      ["c@d.nhs.uk", ["", "N"]],
    ]);
  });

  it("accepts 500 people and refuses 501, naming the first row too many", () => {
    const rows = (n: number) =>
      Array.from({ length: n }, (_, i) => `p${i}@trust.nhs.uk,E`).join("\r\n");
    expect(readRotaCsv(`email,2026-10-19\r\n${rows(500)}`).problems.total).toBe(0);
    expect(problemsOf(`email,2026-10-19\r\n${rows(501)}`)).toEqual([
      "502 A: The file has more than 500 people in it. Import at most 500 rows at a time.",
    ]);
  });

  it("finds every problem in one pass rather than stopping at the first", () => {
    const text = "email,2026-13-01,2026-10-19\r\nbad,E,E+\r\nok@trust.nhs.uk,,N/N\r\n";
    expect(problemsOf(text)).toHaveLength(4);
  });
});

describe("writing a rota file", () => {
  it("writes the header, one row per person, codes joined by +, and CRLF line ends", () => {
    expect(
      formatRotaCsv(
        ["2026-10-19", "2026-10-20"],
        [
          { email: "a@b.nhs.uk", name: "Ann Bell", grade: "HCA", codes: [["E"], []] },
          { email: "c@d.nhs.uk", name: "Cy Dee", grade: "Band 5 RN", codes: [["E", "N"], ["LD"]] },
        ],
      ),
    ).toBe(
      "email,name,grade,2026-10-19,2026-10-20\r\na@b.nhs.uk,Ann Bell,HCA,E,\r\nc@d.nhs.uk,Cy Dee,Band 5 RN,E+N,LD\r\n",
    );
  });

  it("marks each day of leave after its codes, and a day of leave with no shift on its own", () => {
    expect(
      formatRotaCsv(
        ["2026-12-20", "2026-12-21", "2026-12-22"],
        [
          {
            email: "a@b.nhs.uk",
            name: "Ann Bell",
            grade: "HCA",
            codes: [["E"], ["E"], []],
            absenceMarks: [null, "AL", "AL"],
          },
        ],
      ),
    ).toBe(
      "email,name,grade,2026-12-20,2026-12-21,2026-12-22\r\na@b.nhs.uk,Ann Bell,HCA,E,E (AL),(AL)\r\n",
    );
  });

  it("reads back its own leave marks as the same codes", () => {
    const csv = formatRotaCsv(
      ["2026-10-19", "2026-10-20"],
      [
        {
          email: "a@b.nhs.uk",
          name: "Ann Bell",
          grade: "HCA",
          codes: [["E", "N"], []],
          absenceMarks: ["Sick", "AL"],
        },
      ],
    );
    const { grid, problems } = readRotaCsv(csv, PERIOD);
    expect(problems.total).toBe(0);
    expect(grid.rows[0]!.cells.map((c) => c.codes)).toEqual([["E", "N"], []]);
  });

  it("writes a header alone when nobody is in the team", () => {
    expect(formatRotaCsv(["2026-10-19"], [])).toBe("email,name,grade,2026-10-19\r\n");
  });

  it("quotes a cell holding a comma or a quote, and guards one a spreadsheet would run", () => {
    const csv = formatRotaCsv(
      ["2026-10-19"],
      [
        { email: '"odd,name"@b.nhs.uk', name: "Odd, Name", grade: "HCA", codes: [[]] },
        { email: "-ward7@trust.nhs.uk", name: "Ward Seven", grade: "", codes: [[]] },
        { email: "=cmd@trust.nhs.uk", name: "=HYPERLINK()", grade: "@grade", codes: [[]] },
      ],
    );
    expect(csv.split("\r\n")).toEqual([
      "email,name,grade,2026-10-19",
      '"""odd,name""@b.nhs.uk","Odd, Name",HCA,',
      "'-ward7@trust.nhs.uk,Ward Seven,,",
      "'=cmd@trust.nhs.uk,'=HYPERLINK(),'@grade,",
      "",
    ]);
  });

  it("reads back exactly what it writes", () => {
    const dates = ["2026-10-19", "2026-10-20", "2026-10-21"];
    const rows = [
      { email: "-ward7@trust.nhs.uk", name: "Ward Seven", grade: "HCA", codes: [["E"], [], ["N"]] },
      {
        email: "sam@trust.nhs.uk",
        name: "Sam, Jones",
        grade: "Band 5",
        codes: [[], ["E", "N"], []],
      },
    ];
    const { grid, problems } = readRotaCsv(formatRotaCsv(dates, rows));
    expect(problems.total).toBe(0);
    expect(grid.dates.map((d) => d.date)).toEqual(dates);
    expect(grid.rows.map((r) => ({ email: r.email, codes: r.cells.map((c) => c.codes) }))).toEqual(
      rows.map(({ email, codes }) => ({ email, codes })),
    );
  });

  it("reads past columns headed name and grade, wherever they are and whatever their case", () => {
    const { grid, problems } = readRotaCsv(
      "email,2026-10-19,Name,2026-10-20,GRADE\r\na@b.nhs.uk,E,Ann Bell,L,E+N\r\n",
      PERIOD,
    );
    expect(problems.total).toBe(0);
    expect(grid.dates).toEqual([
      { column: "B", date: "2026-10-19" },
      { column: "D", date: "2026-10-20" },
    ]);
    expect(grid.rows[0]!.cells.map((c) => c.codes)).toEqual([["E"], ["L"]]);
  });

  it("still reads a file without name and grade columns, as earlier exports wrote", () => {
    const { grid, problems } = readRotaCsv("email,2026-10-19\r\na@b.nhs.uk,E\r\n", PERIOD);
    expect(problems.total).toBe(0);
    expect(grid.rows[0]!.cells).toEqual([{ column: "B", date: "2026-10-19", codes: ["E"] }]);
  });

  it("asks for dates after the name and grade columns when a file has none", () => {
    expect(problemsOf("email,name,grade\r\na@b.nhs.uk,Ann,HCA\r\n")).toEqual([
      "1 D: Put the dates in row 1 from column D, written as YYYY-MM-DD.",
    ]);
  });
});
