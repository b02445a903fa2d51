// How a message purged by retention shows in its thread (docs/decisions/027): it keeps its place,
// sender and time, so replies, read positions and acknowledgements still make sense, and says
// why its text is gone.

/** In place of a purged message's text: "Removed after 30 days (retention)". */
export function RetentionRemoved({ afterDays }: { afterDays: number }) {
  return (
    <p className="baton-message__text baton-message__removed">
      Removed after {afterDays} {afterDays === 1 ? "day" : "days"} (retention)
    </p>
  );
}

/** A quoted message's text, or that retention removed it. */
export function QuotedText({ body, removed }: { body: string; removed: boolean }) {
  return (
    <span className="baton-message__quote-text">
      {removed ? <span className="baton-message__removed">Removed (retention)</span> : body}
    </span>
  );
}
