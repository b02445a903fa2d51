import { hash, verify } from "@node-rs/argon2";

// argon2id with m=19456 KiB, t=2, p=1: the OWASP ASVS 5.0 minimum. @node-rs/argon2 defaults
// to argon2id and encodes the parameters into the hash, so stronger settings later still verify.
const ARGON2_OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/**
 * A real hash of a throwaway password, so that signing in as an unknown email costs the same
 * time as a wrong password and does not reveal which emails have accounts.
 */
let decoy: Promise<string> | undefined;
export async function verifyAgainstDecoy(password: string): Promise<false> {
  decoy ??= hashPassword("decoy password that nobody has");
  await verifyPassword(await decoy, password);
  return false;
}
