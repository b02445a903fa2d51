// The 10,000 most common passwords, most common first (from the password frequency list that
// zxcvbn publishes under the MIT licence), shipped with the project so the check works offline.
import list from "./common-passwords.txt?raw";

let set: Set<string> | undefined;

export function isCommonPassword(candidate: string): boolean {
  set ??= new Set(list.split("\n").filter(Boolean));
  return set.has(candidate.toLowerCase());
}
