import { describe, expect, it } from "vitest";
import { isCommonPassword } from "~/models/accounts/common-passwords.server";
import { judgePassword } from "~/models/accounts/password-policy";

const judge = (password: string, personal: string[] = []) =>
  judgePassword(password, isCommonPassword, personal);

describe("password policy", () => {
  it("ships the 10,000 most common passwords and recognises them in any case", () => {
    expect(isCommonPassword("password")).toBe(true);
    expect(isCommonPassword("QWERTYUIOP")).toBe(true);
    expect(isCommonPassword("a very unusual phrase indeed")).toBe(false);
  });

  it("refuses a password of 11 characters and accepts one of 12", () => {
    expect(judge("plumtreesky")).toEqual({ ok: false, reason: "Use at least 12 characters." });
    expect(judge("plumtreeskyz").ok).toBe(true);
  });

  it("counts characters, not bytes, so accented and emoji passwords are measured fairly", () => {
    expect(judge("crème brûlée").ok).toBe(true);
    expect([..."crème brûlée"].length).toBe(12);
    expect(judge("🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂🙂").ok).toBe(false);
  });

  it("has no composition rules: lower-case words alone are fine", () => {
    expect(judge("walrus carpet lantern").ok).toBe(true);
  });

  it("refuses a common password even when it is long enough", () => {
    const listed = ["qwerty123456", "1qaz2wsx3edc", "1q2w3e4r5t6y"];
    for (const password of listed) expect(isCommonPassword(password)).toBe(true);
    for (const password of listed) expect(judge(password).ok).toBe(false);
  });

  it("refuses a password made of one or two repeated characters", () => {
    expect(judge("aaaaaaaaaaaaaaaa").ok).toBe(false);
    expect(judge("abababababababab").ok).toBe(false);
  });

  it("refuses a password that contains the person's name or email name", () => {
    expect(judge("amelia-the-great-nurse", ["Amelia", "Hughes"]).ok).toBe(false);
    expect(judge("my hughes password", ["amelia.hughes"]).ok).toBe(true);
    expect(judge("amelia.hughes.rocks", ["amelia.hughes"]).ok).toBe(false);
  });

  it("refuses a password longer than 256 characters", () => {
    expect(judge("x".repeat(120) + "y".repeat(137)).ok).toBe(false);
  });
});
