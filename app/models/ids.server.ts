import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";

// Random bytes for identifiers come from a pool refilled 4 KiB at a time: still the system's
// cryptographic generator, without one call into it per row when a rota makes thousands.
// Secret tokens (sessions, invitations, feeds) do not use the pool.
const POOL_SIZE = 4096;
let pool = new Uint8Array(0);
let poolOffset = 0;

function pooledRandomBytes(count: number): Uint8Array {
  if (poolOffset + count > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(POOL_SIZE));
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + count);
  poolOffset += count;
  return bytes;
}

/** A random, unguessable identifier (80 bits), safe in URLs. */
export function newId(): string {
  return encodeBase32LowerCaseNoPadding(pooledRandomBytes(10));
}

/**
 * An identifier that sorts by creation time: 48 bits of milliseconds, then 80 random bits. For
 * rows made in bulk (shifts): new rows land at the end of the primary-key index instead of on
 * hundreds of random pages, which makes a big insert's commit several times cheaper. It reveals
 * when the row was made, which the row records anyway.
 */
export function newTimeOrderedId(now = Date.now()): string {
  const bytes = new Uint8Array(16);
  let time = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(pooledRandomBytes(10), 6);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** A secret token (160 bits, base32), as Lucia's session guide recommends. */
export function newSecretToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** What the database keeps in place of a secret token: its SHA-256, hex encoded. */
export function hashSecretToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
