// The compliance export's fixed figures, shared by the export (compliance-export.server.ts) and
// its page. Pure: the page's component reads them in the browser.
import { DEFAULT_TIME_ZONE } from "~/models/time-zones";

/** Dates in the form are days in UK time: the organisation has no zone of its own. */
export const EXPORT_ZONE = DEFAULT_TIME_ZONE;
/** The longest range one export covers, in days: a year and a day, past the longest retention. */
export const EXPORT_MAX_DAYS = 366;
/** The conversations the export page lists for a range, most recently active first. */
export const EXPORT_LIST_LIMIT = 100;
