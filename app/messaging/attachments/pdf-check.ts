// Whether some bytes are a PDF Baton will keep (docs/decisions/026). A PDF is not re-encoded
// (the server has no PDF renderer), so it is checked instead: the header and the trailer that
// every PDF has (ISO 32000-1, 7.5: "%PDF-1.n" first, then the body, the cross-reference table or
// stream, "startxref" with its byte offset, and "%%EOF" last), and no active content (scripts,
// launch actions, embedded files) in its uncompressed dictionaries. Pure, for unit tests.

/** The names whose presence makes a PDF active content (ISO 32000-1, 12.6 and 7.11.4). */
const ACTIVE_NAMES = new Set([
  "JavaScript",
  "JS",
  "Launch",
  "EmbeddedFile",
  "EmbeddedFiles",
  "RichMedia",
  "XFA",
]);

const latin1 = new TextDecoder("latin1");

/**
 * Why these bytes are not a PDF Baton accepts, or null when they are.
 *
 * Checks: "%PDF-" and a version (1.0 to 2.0) at byte 0; "%%EOF" in the last 1,024 bytes; the last
 * "startxref" before it gives an offset inside the file where a cross-reference table ("xref") or
 * stream ("n g obj") begins; not encrypted (an encrypted PDF cannot be checked); no name in
 * `ACTIVE_NAMES`, including names spelt with "#xx" escapes. Names inside compressed object
 * streams are not seen: the viewer (the browser's own, which runs no PDF scripts) is the second
 * line of defence.
 *
 * @returns a sentence for the person who sent it, or null
 */
export function pdfProblem(bytes: Uint8Array): string | null {
  const notPdf = "This file is not a readable PDF, so it was not sent.";
  if (bytes.length < 64) return notPdf;
  const head = latin1.decode(bytes.subarray(0, 16));
  if (!/^%PDF-(1\.[0-7]|2\.0)\s/.test(head)) return notPdf;
  const tailStart = Math.max(0, bytes.length - 1024);
  const tail = latin1.decode(bytes.subarray(tailStart));
  const eof = tail.lastIndexOf("%%EOF");
  if (eof === -1) return notPdf;
  const startxref = /startxref\s+(\d{1,12})\s+$/.exec(tail.slice(0, eof));
  if (!startxref) return notPdf;
  const offset = Number(startxref[1]);
  if (offset <= 0 || offset >= bytes.length) return notPdf;
  const atOffset = latin1.decode(bytes.subarray(offset, Math.min(bytes.length, offset + 32)));
  if (!/^(xref\s|\d+\s+\d+\s+obj\b)/.test(atOffset)) return notPdf;
  const text = latin1.decode(bytes);
  for (const match of text.matchAll(/\/([^\s/<>[\]()%{}]+)/g)) {
    const name = (match[1] ?? "").replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (name === "Encrypt")
      return "This PDF is encrypted or password-protected, so Baton cannot check it. Send it without a password.";
    if (ACTIVE_NAMES.has(name))
      return "This PDF contains scripts, actions or embedded files, so it was not sent. Save it again as a plain PDF.";
  }
  return null;
}
