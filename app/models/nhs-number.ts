// NHS numbers in free text. Pure: used by messaging (the patient-data guard) and, later, by
// handover. An NHS number is 10 digits whose last is a modulus-11 check digit (NHS Data
// Dictionary, "NHS Number"; DOMAIN.md): weights 10 down to 2 on the first nine digits, check =
// 11 - (sum mod 11), 11 becomes 0, and 10 means the number is not valid.

/**
 * Ten digits written as people write them: "9434765919", "943 476 5919" or "943-476-5919" (one
 * kind of separator, in the 3-3-4 places). Digits either side mean a longer number (a phone
 * number, a hospital number), which is not an NHS number.
 */
const CANDIDATE = /(?<![\d])(\d{3})([ -]?)(\d{3})\2(\d{4})(?![\d])/g;

/** Whether ten digits ("9434765919") carry a valid modulus-11 check digit. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

/** The valid NHS numbers in a text, as ten digits each, in the order they appear. */
export function findNhsNumbers(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = `${match[1]}${match[3]}${match[4]}`;
    if (isValidNhsNumber(digits)) found.push(digits);
  }
  return found;
}

/** Whether a text holds a valid NHS number anywhere. */
export function containsNhsNumber(text: string): boolean {
  return findNhsNumbers(text).length > 0;
}
