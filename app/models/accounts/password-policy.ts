// NCSC and NIST SP 800-63B: length over complexity. At least 12 characters, no composition
// rules, and no password from a list of the most common ones.

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

export type PasswordVerdict = { ok: true } | { ok: false; reason: string };

export function judgePassword(
  password: string,
  isCommon: (candidate: string) => boolean,
  personal: string[] = [],
): PasswordVerdict {
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    return { ok: false, reason: `Use at least ${MIN_PASSWORD_LENGTH} characters.` };
  }
  if (length > MAX_PASSWORD_LENGTH) {
    return { ok: false, reason: `Use at most ${MAX_PASSWORD_LENGTH} characters.` };
  }
  const lowered = password.toLowerCase();
  if (isCommon(lowered)) {
    return { ok: false, reason: "That password is one of the most common: choose another." };
  }
  if (new Set(lowered).size < 3) {
    return { ok: false, reason: "That password repeats too few characters: choose another." };
  }
  for (const word of personal) {
    const part = word.trim().toLowerCase();
    if (part.length >= 4 && lowered.includes(part)) {
      return { ok: false, reason: "Do not use your name or email address in your password." };
    }
  }
  return { ok: true };
}
