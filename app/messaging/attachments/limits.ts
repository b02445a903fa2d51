// What a message may carry (docs/decisions/026): shared by the server, which enforces it, and the
// composer, which checks a chosen file before it is sent so that nobody waits for an upload that
// will be refused. Pure: no server imports.

/** The most bytes one file may have as uploaded: 10 MB (10 × 1024 × 1024). */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

/** The most files one message may carry. */
export const MAX_FILES_PER_MESSAGE = 4;

/**
 * The most bytes a whole upload may have: every file at its limit and room for the form's text
 * fields and the multipart framing. A body declaring more is refused before it is read.
 */
export const MAX_UPLOAD_BYTES = MAX_FILES_PER_MESSAGE * MAX_FILE_BYTES + 1024 * 1024;

/**
 * The most pixels an uploaded image may decode to (width × height): 50 million, above any phone
 * camera's normal output (12 to 48 megapixels) and far below what would exhaust the server's
 * memory (a decoded pixel takes 3 to 4 bytes). A "decompression bomb" (a small file declaring an
 * enormous image) is refused by sharp's `limitInputPixels` before it is decoded.
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/** The longest side, in pixels, of a stored image: enough to read a dressing chart or a label. */
export const STORED_IMAGE_EDGE = 2560;

/** The longest side, in pixels, of the thumbnail shown in the thread. */
export const THUMBNAIL_EDGE = 480;

/** What the file input offers: the types the server takes (a phone converts HEIC to JPEG). */
export const ACCEPTED_TYPES = "image/jpeg,image/png,image/webp,application/pdf";

export const FILE_TOO_LARGE = `Each photo or file must be 10 MB or smaller.`;
export const TOO_MANY_FILES = `Send up to ${MAX_FILES_PER_MESSAGE} photos or files in one message.`;

/** "2.4 MB", "340 KB": a size as the person reads it (1 KB = 1,024 bytes). */
export function formatFileSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
