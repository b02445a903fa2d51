// A ward's year of rota, made the way its manager makes it: shift types typed in with their
// staffing needs, the working-time rule set chosen, a six-line rotating rota for the staff
// nurses and another for the healthcare assistants, fixed long days for the sisters, weekday
// earlies for the manager, and thirteen four-week periods to fill and publish.

import type { Actor } from "~/models/accounts/permissions";
import { setTeamRuleSet } from "~/models/accounts/teams.server";
import { addDays } from "~/models/local-time";
import {
  createRecurrencePattern,
  createRotaLinePatterns,
} from "~/models/rota/rota-patterns.server";
import { createRotaPeriod } from "~/models/rota/rota-periods.server";
import type { ShiftTypeInput } from "~/models/rota/shift-type-rules";
import { createShiftType } from "~/models/rota/shift-types.server";
import { type BenchTeam, PERIODS, YEAR_END, YEAR_START } from "./large-trust";

const SHIFT_TYPES: ShiftTypeInput[] = [
  {
    code: "E",
    name: "Early",
    startLocal: "07:30",
    endLocal: "15:30",
    paidBreakMinutes: 30,
    colour: "blue",
    requirements: "4 x Band 5 RN, 2 x HCA",
  },
  {
    code: "L",
    name: "Late",
    startLocal: "13:30",
    endLocal: "21:30",
    paidBreakMinutes: 30,
    colour: "green",
    requirements: "4 x Band 5 RN, 2 x HCA",
  },
  {
    code: "LD",
    name: "Long day",
    startLocal: "07:30",
    endLocal: "20:00",
    paidBreakMinutes: 60,
    colour: "purple",
    requirements: "1 x Nurse in charge",
  },
  {
    code: "N",
    name: "Night",
    startLocal: "19:30",
    endLocal: "08:00",
    paidBreakMinutes: 60,
    colour: "darkBlue",
    requirements: "3 x Band 5 RN, 2 x HCA",
  },
];

/**
 * Six weeks, one line each, that a ward could really work: every day has one line on earlies,
 * one on lates and one on nights (so with five or six nurses a line, each shift has its four),
 * nights come in blocks of three or four followed by two days off, no late is followed by an
 * early (10 hours' rest breaks the 11-hour rule), and the lines average 37.4 hours a week.
 */
const ROTA_LINES = [
  "N  N  N  -  -  -  -",
  "E  E  L  L  -  -  -",
  "L  L  -  -  E  E  E",
  "-  -  -  N  N  N  N",
  "-  -  E  E  L  L  -",
  "LD -  -  -  -  LD L",
].join("\n");

/** The sisters' long days, in turn, so that most days have a nurse in charge. */
const SISTER_DAYS = ["MO,WE,FR", "TU,TH,SA", "SU,MO,TH", "TU,FR,SA", "WE,SU"];

const UNTIL = YEAR_END.replaceAll("-", "");

/** Shift types and the rule set; returns the type ids by code. */
export function setUpWard(team: BenchTeam, actor: Actor): Map<string, string> {
  setTeamRuleSet({ actor, teamId: team.id, ruleSet: "wtr" });
  return new Map(
    SHIFT_TYPES.map((input) => [
      input.code,
      createShiftType({ actor, teamId: team.id, input }).shiftTypeId,
    ]),
  );
}

export function createWardPatterns(team: BenchTeam, actor: Actor, typeIds: Map<string, string>) {
  // Nurses and assistants each spread over the six lines, so every line has both.
  for (const group of [team.nurses, team.healthcareAssistants]) {
    createRotaLinePatterns({
      actor,
      teamId: team.id,
      linesText: ROTA_LINES,
      cycleStart: YEAR_START,
      userIds: group.map((person) => person.userId),
    });
  }
  team.sisters.forEach((sister, i) => {
    createRecurrencePattern({
      actor,
      teamId: team.id,
      userId: sister.userId,
      shiftTypeId: typeIds.get("LD")!,
      rule: `FREQ=WEEKLY;BYDAY=${SISTER_DAYS[i % SISTER_DAYS.length]};UNTIL=${UNTIL}`,
      startDate: YEAR_START,
    });
  });
  createRecurrencePattern({
    actor,
    teamId: team.id,
    userId: team.manager.userId,
    shiftTypeId: typeIds.get("E")!,
    rule: `FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR;UNTIL=${UNTIL}`,
    startDate: YEAR_START,
  });
}

/** Thirteen back-to-back four-week drafts; returns their ids in date order. */
export function createYearOfPeriods(team: BenchTeam, actor: Actor): string[] {
  return Array.from({ length: PERIODS }, (_, i) => {
    const startDate = addDays(YEAR_START, i * 28);
    return createRotaPeriod({
      actor,
      teamId: team.id,
      startDate,
      endDate: addDays(startDate, 27),
    }).periodId;
  });
}
