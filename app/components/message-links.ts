// Addresses in a message become links (issue 9): only http and https, never a preview (nothing
// is fetched), so a message cannot make the page load anything or run a script.
export type MessagePart =
  | { kind: "text"; text: string }
  | { kind: "link"; text: string; href: string };

const ADDRESS = /\bhttps?:\/\/[^\s<>"]+/gi;
/** Punctuation that ends a sentence around an address rather than belonging to it. */
const TRAILING = /[.,;:!?)\]'"]+$/;

/** The message's text split into plain text and http(s) addresses, in order. */
export function splitLinks(body: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let from = 0;
  for (const match of body.matchAll(ADDRESS)) {
    const address = match[0].replace(TRAILING, "");
    const start = match.index ?? 0;
    if (start > from) parts.push({ kind: "text", text: body.slice(from, start) });
    parts.push({ kind: "link", text: address, href: address });
    from = start + address.length;
  }
  if (from < body.length) parts.push({ kind: "text", text: body.slice(from) });
  return parts;
}
