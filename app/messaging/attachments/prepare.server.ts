// Turning an uploaded file into what Baton stores (docs/decisions/026). Images are decoded and
// encoded afresh with sharp: turned upright by their EXIF orientation first, then written with no
// metadata at all (no GPS position, camera, times or thumbnails of the original), shrunk to
// STORED_IMAGE_EDGE, with a thumbnail for the thread. The uploaded bytes are never kept. A PDF
// is kept as it came, once pdfProblem finds nothing wrong with it. Anything else is refused.
import sharp from "sharp";
import { InputError } from "~/models/errors";
import { MAX_IMAGE_PIXELS, STORED_IMAGE_EDGE, THUMBNAIL_EDGE } from "./limits";
import { pdfProblem } from "./pdf-check";

// Decoded images are not kept between uploads: each is seen once, and the cache would hold a
// photo's pixels in memory after its request ended.
sharp.cache(false);

export type PreparedFile =
  | {
      kind: "image";
      contentType: "image/jpeg" | "image/png";
      bytes: Buffer;
      width: number;
      height: number;
      thumbnail: { bytes: Buffer; width: number; height: number };
    }
  | { kind: "pdf"; contentType: "application/pdf"; bytes: Buffer };

const NOT_ACCEPTED = "This file is not a photo (JPEG, PNG or WebP) or a PDF, so it was not sent.";
const HEIC =
  "Baton takes photos as JPEG, PNG or WebP. Choose the photo again from the camera or the photo library (the phone then sends it as JPEG), or share it as a JPEG.";
const UNREADABLE = "This photo could not be read (the file may be damaged), so it was not sent.";
const TOO_MANY_PIXELS = `This image is too large to open (over ${MAX_IMAGE_PIXELS / 1_000_000} million pixels), so it was not sent.`;

/** Image formats accepted, as sharp names what it found in the bytes (never the file's name). */
const ACCEPTED_IMAGE_FORMATS = new Set(["jpeg", "png", "webp"]);

function startsWith(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * What to store for one uploaded file, judged by its bytes alone: the name and type the browser
 * gave are ignored (a program renamed "photo.jpg" is still a program).
 *
 * - A PDF (it begins "%PDF-"): checked by `pdfProblem`, stored unchanged.
 * - A JPEG, PNG or WebP: refused over MAX_IMAGE_PIXELS before decoding; otherwise rotated
 *   upright by its EXIF orientation, shrunk to fit STORED_IMAGE_EDGE × STORED_IMAGE_EDGE, and
 *   encoded with no metadata: PNG stays PNG (screenshots, charts), others become JPEG (quality
 *   82, transparency on white). The thumbnail fits THUMBNAIL_EDGE × THUMBNAIL_EDGE, as JPEG.
 *   Animated images keep their first frame.
 *
 * @param bytes the file as uploaded, at most MAX_FILE_BYTES (checked by the caller)
 * @throws InputError (field "files") saying why the file was refused
 */
export async function prepareFile(bytes: Buffer): Promise<PreparedFile> {
  if (startsWith(bytes, "%PDF-")) {
    const problem = pdfProblem(bytes);
    if (problem) throw new InputError(problem, "files");
    return { kind: "pdf", contentType: "application/pdf", bytes };
  }
  const options = { limitInputPixels: MAX_IMAGE_PIXELS, failOn: "error" as const };
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, options).metadata();
  } catch (error) {
    // sharp refuses an image over limitInputPixels from its header, before decoding anything.
    if (error instanceof Error && /pixel limit/i.test(error.message))
      throw new InputError(TOO_MANY_PIXELS, "files");
    throw new InputError(NOT_ACCEPTED, "files");
  }
  if (metadata.format === "heif") throw new InputError(HEIC, "files");
  if (!metadata.format || !ACCEPTED_IMAGE_FORMATS.has(metadata.format))
    throw new InputError(NOT_ACCEPTED, "files");
  if ((metadata.width ?? 0) * (metadata.height ?? 0) > MAX_IMAGE_PIXELS)
    throw new InputError(TOO_MANY_PIXELS, "files");
  try {
    const upright = sharp(bytes, options).rotate().resize({
      width: STORED_IMAGE_EDGE,
      height: STORED_IMAGE_EDGE,
      fit: "inside",
      withoutEnlargement: true,
    });
    const png = metadata.format === "png";
    // No withMetadata/keepMetadata: sharp writes none of the input's EXIF, XMP, IPTC or ICC.
    const stored = await (png
      ? upright.png({ compressionLevel: 9 })
      : upright.flatten({ background: "#ffffff" }).jpeg({ quality: 82, mozjpeg: true })
    ).toBuffer({ resolveWithObject: true });
    const thumbnail = await sharp(stored.data)
      .resize({
        width: THUMBNAIL_EDGE,
        height: THUMBNAIL_EDGE,
        fit: "inside",
        withoutEnlargement: true,
      })
      .flatten({ background: "#ffffff" })
      .jpeg({ quality: 72, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return {
      kind: "image",
      contentType: png ? "image/png" : "image/jpeg",
      bytes: stored.data,
      width: stored.info.width,
      height: stored.info.height,
      thumbnail: {
        bytes: thumbnail.data,
        width: thumbnail.info.width,
        height: thumbnail.info.height,
      },
    };
  } catch (error) {
    if (error instanceof Error && /pixel limit/i.test(error.message))
      throw new InputError(TOO_MANY_PIXELS, "files");
    throw new InputError(UNREADABLE, "files");
  }
}
