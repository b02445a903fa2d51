// The organisation's message retention settings: the bounds an administrator may choose. Pure;
// the purge itself is app/messaging/retention.server.ts (docs/decisions/027).

/**
 * The bounds an administrator may set, in days. At least 7: a week lets staff back from a run of
 * nights or a weekend copy a decision into the clinical record (NHS staff guidance: "transfer
 * decisions into the record and then delete the messages", DOMAIN.md) and lets a manager flag a
 * thread for an incident before it goes. At most 365: beyond a year the chat would be serving as
 * a record, which the same guidance says it is not. DOMAIN.md gives no figure of its own.
 */
export const RETENTION_LIMITS = {
  shiftDays: { min: 7, max: 365, default: 30 },
  otherDays: { min: 7, max: 365, default: 90 },
} as const;
