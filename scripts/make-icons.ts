// Draws Baton's app icons (a white relay baton on NHS blue) as PNG files in public/icons.
// Run by hand when the design changes (`npx tsx scripts/make-icons.ts`); the PNGs are committed.
import fs from "node:fs";
import zlib from "node:zlib";

const BLUE = [0x00, 0x5e, 0xb8];
const WHITE = [0xff, 0xff, 0xff];

function crc32(bytes: Uint8Array): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", zlib.deflateSync(raw, { level: 9 })),
    chunk("IEND", new Uint8Array()),
  ]);
}

/** Signed distance from (x, y) to a rounded box centred at the origin. */
function roundedBox(x: number, y: number, halfW: number, halfH: number, radius: number): number {
  const qx = Math.abs(x) - halfW + radius;
  const qy = Math.abs(y) - halfH + radius;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

const coverage = (distance: number) => Math.min(1, Math.max(0, 0.5 - distance));

function drawIcon(size: number, { maskable }: { maskable: boolean }): Uint8Array {
  const pixels = new Uint8Array(size * size * 4);
  // A maskable icon keeps its artwork inside the central 80% circle and fills every pixel.
  const scale = maskable ? 0.72 : 1;
  const angle = -Math.PI / 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / size - 0.5;
      const y = (py + 0.5) / size - 0.5;
      const background = maskable ? 1 : coverage(roundedBox(x, y, 0.5, 0.5, 0.18) * size);
      const rx = (x * Math.cos(angle) - y * Math.sin(angle)) / scale;
      const ry = (x * Math.sin(angle) + y * Math.cos(angle)) / scale;
      const baton = coverage(roundedBox(rx, ry, 0.34, 0.085, 0.085) * size * scale);
      const band = coverage(roundedBox(rx - 0.12, ry, 0.035, 0.1, 0.02) * size * scale);
      const white = Math.max(0, baton - band * baton * 0.999);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++)
        pixels[i + c] = Math.round(BLUE[c]! * (1 - white) + WHITE[c]! * white);
      pixels[i + 3] = Math.round(255 * Math.max(background, 0));
    }
  }
  return pixels;
}

fs.mkdirSync("public/icons", { recursive: true });
for (const [name, size, maskable] of [
  ["icon-192.png", 192, false],
  ["icon-512.png", 512, false],
  ["icon-maskable-192.png", 192, true],
  ["icon-maskable-512.png", 512, true],
  ["apple-touch-icon.png", 180, true],
] as const) {
  fs.writeFileSync(`public/icons/${name}`, encodePng(size, drawIcon(size, { maskable })));
  console.log(`public/icons/${name}`);
}
