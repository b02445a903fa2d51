// Files for the attachment tests: a phone photo carrying GPS and camera EXIF, a decompression
// bomb, an executable dressed as a photo, and multipart requests as a browser sends them.
import zlib from "node:zlib";
import sharp from "sharp";
import { ORIGIN } from "./requests";

/**
 * A 300 × 200 JPEG as a phone writes it: EXIF orientation 6 (shown rotated: 200 × 300), the
 * camera's make and model, and a GPS position (51.5 N, 0.1167 W).
 */
export function phonePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 300, height: 200, channels: 3, background: "#c08060" } })
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: "PhoneCo", Model: "X1" },
      IFD3: {
        GPSLatitudeRef: "N",
        GPSLatitude: "51/1 30/1 0/1",
        GPSLongitudeRef: "W",
        GPSLongitude: "0/1 7/1 0/1",
      },
    })
    .toBuffer();
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A real decompression bomb: a valid PNG of `side` × `side` one-bit grey pixels (400 million at
 * the default 20,000), all zero, which deflates to a few tens of kilobytes.
 */
export function pngBomb(side = 20_000): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const row = 1 + Math.ceil(side / 8);
  const pixels = zlib.deflateSync(Buffer.alloc(row * side), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", pixels),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The start of a Linux executable (ELF) and of a Windows one (MZ), padded: not a photo. */
export function executable(kind: "elf" | "exe" = "elf"): Buffer {
  const head =
    kind === "elf"
      ? Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])
      : Buffer.from("MZ\x90\x00\x03\x00\x00\x00", "latin1");
  return Buffer.concat([head, Buffer.alloc(4096, 0x90)]);
}

/** A multipart POST to a conversation page, as its composer sends it. */
export function multipartPost(
  path: string,
  fields: Record<string, string>,
  files: { name: string; type: string; bytes: Uint8Array }[],
  cookie?: string,
): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  for (const file of files)
    form.append("files", new File([new Uint8Array(file.bytes)], file.name, { type: file.type }));
  const headers: Record<string, string> = { Origin: ORIGIN };
  if (cookie) headers.Cookie = cookie;
  return new Request(`${ORIGIN}${path}`, { method: "POST", headers, body: form });
}
