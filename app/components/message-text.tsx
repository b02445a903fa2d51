import { splitLinks } from "./message-links";

/** A message's text with its line breaks kept and its web addresses clickable. */
export function MessageText({ body }: { body: string }) {
  return (
    <p className="baton-message__text">
      {splitLinks(body).map((part, i) =>
        part.kind === "link" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text, in order
          <a key={i} href={part.href} rel="noopener noreferrer" target="_blank">
            {part.text}
          </a>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts of one fixed text, in order
          <span key={i}>{part.text}</span>
        ),
      )}
    </p>
  );
}

/** The reminder on every message screen (NHS messaging guidance, DOMAIN.md). */
export function NotTheRecord() {
  return (
    <p className="baton-reminder">
      Messages are not the clinical record: write clinical decisions in the patient's notes.
    </p>
  );
}
