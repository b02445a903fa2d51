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
 * An identifier that sorts by creation time, as text: 48 bits of milliseconds, then 80 random
 * bits, in a base32 whose characters sort in the order of their values. For
 * rows made in bulk (shifts): new rows land at the end of the primary-key index instead of on
 * hundreds of random pages, which makes a big insert's commit several times cheaper. It reveals
 * when the row was made, which the row records anyway.
 *
 * Within one millisecond of this process, each id is greater than the one before: the random
 * part of the last is increased by a random 1 to 2^32 (still unguessable, unlike ULID's +1).
 * Rows ordered by (time, id), such as messages, then keep the order they were made in even when
 * two land in the same millisecond.
 */
export function newTimeOrderedId(now = Date.now()): string {
  let random: Uint8Array;
  if (now === lastTime) {
    random = lastRandom.slice();
    let carry = (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) + 1;
    for (let i = random.length - 1; i >= 0 && carry > 0; i--) {
      const sum = (random[i] ?? 0) + (carry % 256);
      random[i] = sum % 256;
      carry = Math.floor(carry / 256) + Math.floor(sum / 256);
    }
  } else {
    random = pooledRandomBytes(10);
  }
  lastTime = now;
  lastRandom = random;
  const bytes = new Uint8Array(16);
  let time = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = time % 256;
    time = Math.floor(time / 256);
  }
  bytes.set(random, 6);
  return sortableBase32(bytes);
}

// The same 32 characters as RFC 4648's lower-case base32, in ascending byte order ("2" to "7",
// then "a" to "z"), so that comparing two ids as text (as SQLite does) compares their values:
// with RFC 4648's order ("a" to "z", then "2" to "7") the larger values sorted first.
const SORTABLE_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz";

/** Big-endian base32 of `bytes` in SORTABLE_ALPHABET, 5 bits a character, no padding. */
function sortableBase32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += SORTABLE_ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += SORTABLE_ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

let lastTime = -1;
let lastRandom: Uint8Array = new Uint8Array(10);

/** A secret token (160 bits, base32), as Lucia's session guide recommends. */
export function newSecretToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)));
}

/** What the database keeps in place of a secret token: its SHA-256, hex encoded. */
export function hashSecretToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}
