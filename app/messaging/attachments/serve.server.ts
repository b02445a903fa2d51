// The answer to GET /attachments/<id> and /attachments/<id>/thumbnail: the stored file, for a
// member of its conversation now (everyone else: the audited 404). Shown in the page, never
// offered as a download, never kept by the browser, a proxy or the service worker.
import type { Actor } from "~/models/accounts/permissions";
import { notFound } from "~/models/errors";
import { attachmentToServe } from "./attachments.server";
import { readStoredFile } from "./storage.server";

/** The id's shape (newId: base32, 16 letters); anything else cannot name an attachment. */
const ATTACHMENT_ID = /^[a-z2-7]{1,40}$/;

/**
 * The response for one attachment file.
 *
 * Headers: the stored type (`image/jpeg`, `image/png`, `application/pdf`); `Content-Disposition:
 * inline` with a generic name ("photo.jpg", "document.pdf": never what the sender's phone called
 * it); `Cache-Control: no-store` (with `Pragma`, for old proxies); a Content-Security-Policy that
 * runs nothing (images are sandboxed as well; a PDF is not, since Chromium will not show a PDF
 * in a sandbox); and, through the server's layers, `nosniff` and
 * `Cross-Origin-Resource-Policy: same-origin`, so another site cannot embed it.
 *
 * @throws Response 404 for an id that is not an attachment's, one the actor may not read, or a
 *   file no longer on disk
 */
export function attachmentResponse({
  actor,
  attachmentId,
  thumbnail,
  ipAddress,
}: {
  actor: Actor;
  attachmentId: string;
  thumbnail: boolean;
  ipAddress?: string;
}): Response {
  if (!ATTACHMENT_ID.test(attachmentId)) throw notFound();
  const file = attachmentToServe({ actor, attachmentId, thumbnail, ipAddress });
  const bytes = readStoredFile(file.storedName);
  if (!bytes) throw notFound();
  const name =
    file.contentType === "application/pdf"
      ? "document.pdf"
      : file.contentType === "image/png"
        ? "photo.png"
        : "photo.jpg";
  const policy =
    file.kind === "pdf"
      ? "default-src 'none'; object-src 'self'; frame-ancestors 'self'"
      : "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'; sandbox";
  return new Response(new Uint8Array(bytes), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(bytes.length),
      "Content-Disposition": `inline; filename="${name}"`,
      "Cache-Control": "no-store",
      Pragma: "no-cache",
      "Content-Security-Policy": policy,
    },
  });
}
