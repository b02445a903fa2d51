// Reading a message form that carries files (multipart/form-data), as the conversation page's
// composer posts it with or without JavaScript. Files are held in memory, each up to
// MAX_FILE_BYTES; a bigger file is read to its end and dropped (so the text fields after it are
// still read and the person gets their words back with the reason), and a body over
// MAX_UPLOAD_BYTES is refused with 413 as soon as it is known to be one. Nothing is written here.
import { unstable_parseMultipartFormData as parseMultipartFormData } from "@remix-run/node";
import { unreadableForm } from "~/web/forms";
import {
  FILE_TOO_LARGE,
  MAX_FILE_BYTES,
  MAX_FILES_PER_MESSAGE,
  MAX_UPLOAD_BYTES,
  TOO_MANY_FILES,
} from "./limits";

/** The field the composer's file input posts. */
export const FILES_FIELD = "files";

/** The most characters a text field of the form may have (the message itself is 4,000). */
const MAX_TEXT_FIELD_BYTES = 64 * 1024;

export type Upload = {
  /** The text fields. */
  form: FormData;
  /** The files under FILES_FIELD, in order, each at most MAX_FILE_BYTES; empty inputs left out. */
  files: { name: string; bytes: Buffer }[];
  /** Why the files cannot be sent (too big, too many), for the person; null when they can. */
  problem: string | null;
};

/** The 413 for a body over MAX_UPLOAD_BYTES: plain text, as for any unreadable request. */
export function uploadTooLarge(): Response {
  return new Response(`${FILE_TOO_LARGE} Go back to the conversation and choose a smaller file.`, {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

/** Whether a request's body is multipart (the composer with a file input). */
export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data/i.test(request.headers.get("Content-Type") ?? "");
}

/**
 * The fields and files of a multipart message form.
 *
 * @throws Response 413 (`uploadTooLarge`) when the body declares or turns out to have more than
 *   MAX_UPLOAD_BYTES; Response 400 (`unreadableForm`) for a body that is not well-formed multipart,
 *   has no parts at all, or has a text field over 64 KB.
 */
export async function readUpload(request: Request): Promise<Upload> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > MAX_UPLOAD_BYTES) throw uploadTooLarge();
  let total = 0;
  const files: Upload["files"] = [];
  let tooLarge = false;
  let tooMany = false;
  const count = (chunk: Uint8Array) => {
    total += chunk.length;
    if (total > MAX_UPLOAD_BYTES) throw uploadTooLarge();
  };
  let form: FormData;
  try {
    form = await parseMultipartFormData(request, async (part) => {
      if (typeof part.filename !== "string") {
        const chunks: Uint8Array[] = [];
        let length = 0;
        for await (const chunk of part.data) {
          count(chunk);
          length += chunk.length;
          if (length > MAX_TEXT_FIELD_BYTES) throw unreadableForm();
          chunks.push(chunk);
        }
        return Buffer.concat(chunks).toString("utf8");
      }
      const chunks: Uint8Array[] = [];
      let length = 0;
      for await (const chunk of part.data) {
        count(chunk);
        length += chunk.length;
        // Past the limit the rest is read and dropped: the fields after it still arrive.
        if (length <= MAX_FILE_BYTES) chunks.push(chunk);
      }
      // An input with nothing chosen sends an empty part with an empty name.
      if (length === 0 && !part.filename) return undefined;
      if (part.name !== FILES_FIELD) return undefined;
      if (length > MAX_FILE_BYTES) tooLarge = true;
      else if (files.length >= MAX_FILES_PER_MESSAGE) tooMany = true;
      else files.push({ name: part.filename.slice(0, 80), bytes: Buffer.concat(chunks) });
      return undefined;
    });
  } catch (error) {
    if (error instanceof Response) throw error;
    throw unreadableForm();
  }
  // A body with no parts at all (a boundary that matches nothing) is not a form: the same 400
  // as any unreadable body. The composer always sends its intent.
  if ([...form.keys()].length === 0 && files.length === 0 && !tooLarge && !tooMany)
    throw unreadableForm();
  const problem = tooLarge ? FILE_TOO_LARGE : tooMany ? TOO_MANY_FILES : null;
  return { form, files: problem ? [] : files, problem };
}
