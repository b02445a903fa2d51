import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import {
  type CalendarEvent,
  escapeText,
  foldLine,
  sequenceFor,
  timeZoneLines,
  writeCalendar,
  zoneTransitions,
} from "~/models/rota/icalendar";

const NOW = new Date("2026-10-01T12:00:00Z");
const utf8 = new TextEncoder();

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return {
    uid: "shift1@baton",
    startsAt: new Date("2026-10-24T19:00:00Z"),
    endsAt: new Date("2026-10-25T08:00:00Z"),
    timeZone: "Europe/London",
    summary: "Night (N) – Ward 7",
    lastModifiedAt: new Date("2026-09-20T10:00:00Z"),
    sequence: 1,
    ...overrides,
  };
}

/** Parses with a real iCalendar parser and returns each event as instants. */
function parsedEvents(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents("vevent").map((component) => {
    const parsed = new ICAL.Event(component);
    return {
      uid: parsed.uid,
      summary: parsed.summary,
      start: parsed.startDate.toJSDate().toISOString(),
      end: parsed.endDate.toJSDate().toISOString(),
      hours: (parsed.endDate.toJSDate().getTime() - parsed.startDate.toJSDate().getTime()) / 3.6e6,
      sequence: parsed.sequence,
    };
  });
}

function physicalLines(text: string): string[] {
  return text.split("\r\n").slice(0, -1);
}

function unfold(text: string): string {
  return text.replace(/\r\n /g, "");
}

describe("folding long lines", () => {
  it("leaves a line of 75 octets alone and folds one of 76", () => {
    expect(foldLine("x".repeat(75))).toBe("x".repeat(75));
    expect(foldLine("x".repeat(76))).toBe(`${"x".repeat(75)}\r\n x`);
  });

  it("keeps every physical line within 75 octets, the continuation space included", () => {
    const folded = foldLine(`DESCRIPTION:${"a".repeat(300)}`);
    const lines = folded.split("\r\n");
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(utf8.encode(line).length).toBeLessThanOrEqual(75);
    for (const line of lines.slice(1)) expect(line.startsWith(" ")).toBe(true);
    expect(unfold(folded)).toBe(`DESCRIPTION:${"a".repeat(300)}`);
  });

  it("counts UTF-8 bytes and never cuts a multi-byte character in two", () => {
    const value = `SUMMARY:${"é–🩺ñ".repeat(40)}`;
    const folded = foldLine(value);
    const strict = new TextDecoder("utf-8", { fatal: true });
    for (const line of folded.split("\r\n")) {
      const bytes = utf8.encode(line);
      expect(bytes.length).toBeLessThanOrEqual(75);
      // Each physical line on its own is whole UTF-8: no character split across a fold.
      expect(strict.decode(bytes)).toBe(line);
    }
    expect(unfold(folded)).toBe(value);
  });
});

describe("escaping text", () => {
  it("escapes backslashes, semicolons, commas and line breaks", () => {
    expect(escapeText("a\\b;c,d\ne")).toBe("a\\\\b\\;c\\,d\\ne");
    expect(escapeText("one\r\ntwo\rthree")).toBe("one\\ntwo\\nthree");
  });

  it("turns other control characters into spaces and keeps tabs and colons", () => {
    expect(escapeText("a\u0000b\u0007c\td:e")).toBe("a b c\td:e");
  });

  it("replaces a lone surrogate, which UTF-8 cannot encode, and keeps a real emoji", () => {
    expect(escapeText("a\uD83Db 🩺")).toBe("a\uFFFDb 🩺");
  });

  it("round-trips through a real parser", () => {
    const summary = 'Night; "N", ward 7\\8\nsecond line';
    const text = writeCalendar({ name: "A, B; C", now: NOW, events: [event({ summary })] });
    expect(parsedEvents(text)[0]?.summary).toBe(summary);
    // ical.js leaves X- properties raw; calendar apps read X-WR-CALNAME as escaped TEXT.
    expect(physicalLines(text)).toContain("X-WR-CALNAME:A\\, B\\; C");
  });
});

describe("the calendar", () => {
  const text = writeCalendar({ name: "Baton shifts", now: NOW, events: [event()] });

  it("ends every line with CRLF and has no bare line feeds", () => {
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
  });

  it("carries the calendar properties a subscribed feed needs", () => {
    const lines = physicalLines(text);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines.at(-1)).toBe("END:VCALENDAR");
    expect(lines).toContain("PRODID:-//Baton//Rota calendar feed//EN");
    expect(lines).toContain("VERSION:2.0");
    expect(lines).toContain("CALSCALE:GREGORIAN");
    expect(lines).toContain("METHOD:PUBLISH");
    expect(lines).toContain("X-WR-CALNAME:Baton shifts");
  });

  it("writes local times with the zone, and UTC stamps", () => {
    const lines = physicalLines(text);
    expect(lines).toContain("DTSTART;TZID=Europe/London:20261024T200000");
    expect(lines).toContain("DTEND;TZID=Europe/London:20261025T080000");
    expect(lines).toContain("DTSTAMP:20261001T120000Z");
    expect(lines).toContain("LAST-MODIFIED:20260920T100000Z");
    expect(lines).toContain("UID:shift1@baton");
    expect(lines).toContain("SEQUENCE:1");
  });

  it("still holds a component when there are no events", () => {
    const empty = writeCalendar({
      name: "Baton shifts",
      now: NOW,
      events: [],
      extraTimeZones: ["Europe/London"],
    });
    const calendar = new ICAL.Component(ICAL.parse(empty));
    expect(calendar.getAllSubcomponents("vtimezone")).toHaveLength(1);
    expect(calendar.getAllSubcomponents("vevent")).toHaveLength(0);
  });
});

describe("time zone definitions", () => {
  it("finds London's real clock changes to the minute", () => {
    const transitions = zoneTransitions(
      "Europe/London",
      Date.parse("2026-01-01T00:00:00Z"),
      Date.parse("2028-01-01T00:00:00Z"),
    );
    expect(
      transitions.map((t) => [new Date(t.at).toISOString(), t.offsetFrom, t.offsetTo]),
    ).toEqual([
      ["2026-03-29T01:00:00.000Z", 0, 60],
      ["2026-10-25T01:00:00.000Z", 60, 0],
      ["2027-03-28T01:00:00.000Z", 0, 60],
      ["2027-10-31T01:00:00.000Z", 60, 0],
    ]);
  });

  it("describes London's March and October changes with the local time they happen at", () => {
    const lines = timeZoneLines("Europe/London", 2026, 2026).join("\n");
    expect(lines).toContain(
      "BEGIN:DAYLIGHT\nDTSTART:20260329T010000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0100\nEND:DAYLIGHT",
    );
    expect(lines).toContain(
      "BEGIN:STANDARD\nDTSTART:20261025T020000\nTZOFFSETFROM:+0100\nTZOFFSETTO:+0000\nEND:STANDARD",
    );
    // From 1 January, before the first change of the year, GMT is in force.
    expect(lines).toContain(
      "BEGIN:STANDARD\nDTSTART:20260101T000000\nTZOFFSETFROM:+0000\nTZOFFSETTO:+0000\nEND:STANDARD",
    );
  });

  it("gives a parser the right offsets either side of each London change", () => {
    const component = new ICAL.Component(
      ICAL.parse(
        ["BEGIN:VCALENDAR", ...timeZoneLines("Europe/London", 2026, 2026), "END:VCALENDAR"].join(
          "\r\n",
        ),
      ),
    ).getFirstSubcomponent("vtimezone");
    const zone = new ICAL.Timezone(component!);
    const offsetAt = (year: number, month: number, day: number, hour: number, minute: number) =>
      zone.utcOffset(ICAL.Time.fromData({ year, month, day, hour, minute, second: 0 })) / 60;
    expect(offsetAt(2026, 1, 15, 12, 0)).toBe(0);
    expect(offsetAt(2026, 3, 29, 0, 59)).toBe(0);
    expect(offsetAt(2026, 3, 29, 2, 0)).toBe(60);
    expect(offsetAt(2026, 7, 1, 12, 0)).toBe(60);
    expect(offsetAt(2026, 10, 25, 0, 59)).toBe(60);
    expect(offsetAt(2026, 10, 25, 2, 0)).toBe(0);
    expect(offsetAt(2026, 12, 31, 23, 59)).toBe(0);
  });

  it("gives a zone without clock changes one STANDARD observance", () => {
    const lines = timeZoneLines("Asia/Kolkata", 2026, 2027);
    expect(lines.filter((l) => l.startsWith("BEGIN:STANDARD"))).toHaveLength(1);
    expect(lines.filter((l) => l.startsWith("BEGIN:DAYLIGHT"))).toHaveLength(0);
    expect(lines).toContain("TZOFFSETTO:+0530");
  });

  it("starts a southern-hemisphere year in summer time", () => {
    const lines = timeZoneLines("Australia/Sydney", 2026, 2026);
    expect(lines.slice(3, 7)).toEqual([
      "BEGIN:DAYLIGHT",
      "DTSTART:20260101T000000",
      "TZOFFSETFROM:+1100",
      "TZOFFSETTO:+1100",
    ]);
    expect(lines.join("\n")).toContain(
      "BEGIN:STANDARD\nDTSTART:20260405T030000\nTZOFFSETFROM:+1100\nTZOFFSETTO:+1000",
    );
  });

  it("defines each zone used once, covering every year its events touch", () => {
    const text = writeCalendar({
      name: "Baton shifts",
      now: NOW,
      events: [
        event({ uid: "a@baton" }),
        event({
          uid: "b@baton",
          startsAt: new Date("2027-12-31T20:00:00Z"),
          endsAt: new Date("2028-01-01T08:00:00Z"),
        }),
        event({ uid: "c@baton", timeZone: "Asia/Kolkata" }),
      ],
    });
    const calendar = new ICAL.Component(ICAL.parse(text));
    const zones = calendar.getAllSubcomponents("vtimezone");
    expect(zones.map((z) => z.getFirstPropertyValue("tzid")).sort()).toEqual([
      "Asia/Kolkata",
      "Europe/London",
    ]);
    const london = zones.find((z) => z.getFirstPropertyValue("tzid") === "Europe/London")!;
    const starts = london
      .getAllSubcomponents()
      .map((o) => String(o.getFirstPropertyValue("dtstart")));
    expect(starts[0]).toBe("2026-01-01T00:00:00");
    expect(starts).toContain("2028-03-26T01:00:00");
  });
});

describe("shifts across clock changes, read back by a parser", () => {
  it("makes a night across the October change 13 hours", () => {
    const [night] = parsedEvents(writeCalendar({ name: "x", now: NOW, events: [event()] }));
    expect(night).toMatchObject({
      start: "2026-10-24T19:00:00.000Z",
      end: "2026-10-25T08:00:00.000Z",
      hours: 13,
    });
  });

  it("makes a night across the March change 11 hours", () => {
    const [night] = parsedEvents(
      writeCalendar({
        name: "x",
        now: NOW,
        events: [
          event({
            startsAt: new Date("2027-03-27T20:00:00Z"),
            endsAt: new Date("2027-03-28T07:00:00Z"),
          }),
        ],
      }),
    );
    expect(night).toMatchObject({
      start: "2027-03-27T20:00:00.000Z",
      end: "2027-03-28T07:00:00.000Z",
      hours: 11,
    });
  });

  it("writes a time in the hour that happens twice in UTC, so no reader can take the wrong one", () => {
    const events = [
      // 01:30 BST, the first 01:30 of the night, to 01:30 GMT, the second.
      event({
        uid: "twice@baton",
        startsAt: new Date("2026-10-25T00:30:00Z"),
        endsAt: new Date("2026-10-25T01:30:00Z"),
      }),
    ];
    const text = writeCalendar({ name: "x", now: NOW, events });
    expect(physicalLines(text)).toContain("DTSTART:20261025T003000Z");
    expect(physicalLines(text)).toContain("DTEND:20261025T013000Z");
    expect(parsedEvents(text)[0]).toMatchObject({
      start: "2026-10-25T00:30:00.000Z",
      end: "2026-10-25T01:30:00.000Z",
    });
  });

  it("reads times right on both sides of Sydney's changes", () => {
    const events = [
      event({
        uid: "april@baton",
        timeZone: "Australia/Sydney",
        startsAt: new Date("2026-04-04T09:00:00Z"),
        endsAt: new Date("2026-04-04T22:00:00Z"),
      }),
      event({
        uid: "october@baton",
        timeZone: "Australia/Sydney",
        startsAt: new Date("2026-10-03T10:00:00Z"),
        endsAt: new Date("2026-10-03T21:00:00Z"),
      }),
    ];
    const text = writeCalendar({ name: "x", now: NOW, events });
    expect(physicalLines(text)).toContain("DTSTART;TZID=Australia/Sydney:20260404T200000");
    expect(parsedEvents(text).map((e) => [e.start, e.end, e.hours])).toEqual([
      ["2026-04-04T09:00:00.000Z", "2026-04-04T22:00:00.000Z", 13],
      ["2026-10-03T10:00:00.000Z", "2026-10-03T21:00:00.000Z", 11],
    ]);
  });
});

describe("sequence numbers", () => {
  it("rise with each later change and fit a 32-bit integer for decades", () => {
    const first = sequenceFor(new Date("2026-10-01T09:00:00Z"));
    const second = sequenceFor(new Date("2026-10-01T09:00:05Z"));
    expect(second).toBeGreaterThan(first);
    expect(sequenceFor(new Date("2080-01-01T00:00:00Z"))).toBeLessThan(2 ** 31);
    expect(sequenceFor(new Date("2001-01-01T00:00:00Z"))).toBe(0);
  });
});
