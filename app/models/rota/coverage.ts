// Staffing coverage, without the database: does the rota put enough of the right people on each
// shift? A shift type asks for "2 x Band 5 RN, 1 x HCA"; each requirement is counted on its own
// against the people on that shift, so one person can count towards several requirements
// (a Band 6 with the "Nurse in charge" skill counts for "Nurse in charge" and for "Band 6").
import { type AbsencesByPerson, shiftCounts } from "./shift-counts";
import type { Requirement } from "./shift-type-rules";

export type Qualified = { grade: string; skills: string[] };

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

/**
 * Whether a person meets a requirement: their grade is it, or contains it as whole words
 * ("HCA" is met by "Band 2 HCA" and "Band 3 HCA", "RN" by "Band 5 RN" but not by "RNA"), or
 * one of their skills is it. Case does not matter.
 */
export function meetsQualification(person: Qualified, qualification: string): boolean {
  const wanted = words(qualification);
  if (wanted.length === 0) return false;
  const sameWords = (have: string[]) => {
    for (let i = 0; i + wanted.length <= have.length; i++) {
      if (wanted.every((word, j) => have[i + j] === word)) return true;
    }
    return false;
  };
  if (sameWords(words(person.grade))) return true;
  const wantedText = wanted.join(" ");
  return person.skills.some((skill) => words(skill).join(" ") === wantedText);
}

export type RequirementCoverage = Requirement & { have: number };

/** How many of the people on a shift meet each of its requirements. */
export function coverRequirements(
  requirements: Requirement[],
  people: Qualified[],
): RequirementCoverage[] {
  return requirements.map((requirement) => ({
    ...requirement,
    have: people.filter((person) => meetsQualification(person, requirement.qualification)).length,
  }));
}

export type CoverageGap = { qualification: string; need: number; have: number };

/** The requirements a shift falls short of: what is needed, and how many it has. */
export function coverageGaps(requirements: Requirement[], people: Qualified[]): CoverageGap[] {
  return coverRequirements(requirements, people)
    .filter((r) => r.have < r.count)
    .map((r) => ({ qualification: r.qualification, need: r.count, have: r.have }));
}

/** "1 Band 5 RN short, no HCA" for a gap list. */
export function describeGaps(gaps: CoverageGap[]): string {
  return gaps
    .map((gap) =>
      gap.have === 0 && gap.need === 1
        ? `no ${gap.qualification}`
        : `${gap.need - gap.have} ${gap.qualification} short (${gap.have} of ${gap.need})`,
    )
    .join(", ");
}

export type ShiftForCover = { id: string; userId: string; date: string; shiftTypeId: string };
export type TypeForCover = {
  id: string;
  code: string;
  name: string;
  requirements: Requirement[];
  archivedAt: Date | null;
};

/**
 * Every shift short of staff on the given dates, by date and shift type. The one rule for the
 * grid and the review alike: a shift counts towards cover only if it counts as worked
 * (`shiftCounts`: its person is on the roster with an active account and is not on approved
 * leave or off sick that day). An archived shift type needs nobody, unless the rota still uses
 * it that day.
 */
export function shiftsShortOfStaff({
  dates,
  types,
  shifts,
  people,
  absences,
}: {
  dates: string[];
  types: TypeForCover[];
  shifts: ShiftForCover[];
  people: Map<string, Qualified & { active: boolean }>;
  absences: AbsencesByPerson;
}): { date: string; shiftTypeId: string; code: string; name: string; gaps: CoverageGap[] }[] {
  const onShift = new Map<string, Qualified[]>();
  const used = new Set<string>();
  for (const shift of shifts) {
    const key = `${shift.date}|${shift.shiftTypeId}`;
    used.add(key);
    const person = people.get(shift.userId);
    const counts =
      person &&
      shiftCounts(
        { userId: shift.userId, date: shift.date, personActive: person.active },
        absences,
      );
    if (!person || !counts) continue;
    const list = onShift.get(key);
    if (list) list.push(person);
    else onShift.set(key, [person]);
  }
  // The same people meet the same requirements every day: judge each pair once (a four-week
  // grid for a 60-person ward asked the same question thousands of times).
  const met = new Map<Qualified, Map<string, boolean>>();
  const meets = (person: Qualified, qualification: string) => {
    let known = met.get(person);
    if (!known) {
      known = new Map();
      met.set(person, known);
    }
    let answer = known.get(qualification);
    if (answer === undefined) {
      answer = meetsQualification(person, qualification);
      known.set(qualification, answer);
    }
    return answer;
  };
  const short = [];
  for (const date of dates) {
    for (const type of types) {
      const key = `${date}|${type.id}`;
      if (type.requirements.length === 0 || (type.archivedAt && !used.has(key))) continue;
      const here = onShift.get(key) ?? [];
      const gaps: CoverageGap[] = [];
      for (const { qualification, count } of type.requirements) {
        let have = 0;
        for (const person of here) if (meets(person, qualification)) have++;
        if (have < count) gaps.push({ qualification, need: count, have });
      }
      if (gaps.length)
        short.push({ date, shiftTypeId: type.id, code: type.code, name: type.name, gaps });
    }
  }
  return short;
}
