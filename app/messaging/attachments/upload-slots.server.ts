// How many photo and file uploads the server reads and re-encodes at once. Each holds its body in
// memory (up to MAX_UPLOAD_BYTES, about 41 MB) and sharp may decode up to 50 megapixels per image;
// without a bound, anyone signed in could send many at once and exhaust the server's memory. A
// post beyond the bound is answered at once (503, try again) without reading its body.

/** Uploads read and prepared at the same time; a ward sends a few photos a minute at most. */
export const MAX_UPLOADS_AT_ONCE = 3;

let busy = 0;

/**
 * Takes one of the upload places, or null when all are taken. The caller must call the returned
 * function once, when the upload's request is finished (calling it again does nothing).
 */
export function takeUploadSlot(): (() => void) | null {
  if (busy >= MAX_UPLOADS_AT_ONCE) return null;
  busy++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    busy--;
  };
}

/** The answer when every upload place is taken: 503 with Retry-After, nothing read or written. */
export function uploadsBusy(): Response {
  return new Response(
    "Several photos and files are being sent at once. Go back to the conversation and send yours again in a moment: your words are still in the box.",
    {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": "5" },
    },
  );
}
