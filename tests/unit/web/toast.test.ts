import { describe, expect, it } from "vitest";
import { redirectWithToast, takeToast, toastCookie } from "~/web/toast.server";

const plain = "http://localhost:3000/team";
const secure = "https://baton.trust.example/team";

function requestWith(url: string, setCookie: string): Request {
  // The browser sends back name=value only.
  return new Request(url, { headers: { Cookie: setCookie.split(";")[0]! } });
}

describe("the toast cookie", () => {
  it("carries a toast across a redirect and is read back once, with a header that clears it", () => {
    const toast = { kind: "success" as const, message: "Published. 16 people have been told." };
    const response = redirectWithToast(new Request(plain, { method: "POST" }), "/team", toast);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/team");
    const setCookie = response.headers.get("Set-Cookie")!;
    expect(setCookie).toMatch(
      /^baton_toast=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=60$/,
    );
    const taken = takeToast(requestWith(plain, setCookie));
    expect(taken.toast).toEqual(toast);
    expect(taken.headers?.get("Set-Cookie")).toBe(
      "baton_toast=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
    );
  });

  it("uses the __Host- prefix and Secure over HTTPS", () => {
    const setCookie = toastCookie(new Request(secure), { kind: "error", message: "No." });
    expect(setCookie).toMatch(/^__Host-baton_toast=.*; Secure$/);
    expect(takeToast(requestWith(secure, setCookie)).toast).toEqual({
      kind: "error",
      message: "No.",
    });
  });

  it("is nothing when there is no cookie, and clears one it cannot read", () => {
    expect(takeToast(new Request(plain))).toEqual({ toast: null, headers: null });
    for (const value of [
      "%%%",
      Buffer.from('{"kind":"shout","message":"x"}').toString("base64url"),
    ]) {
      const taken = takeToast(new Request(plain, { headers: { Cookie: `baton_toast=${value}` } }));
      expect(taken.toast).toBeNull();
      expect(taken.headers?.get("Set-Cookie")).toMatch(/Max-Age=0/);
    }
  });

  it("refuses to write a link off the site or an overlong message", () => {
    const request = new Request(plain);
    for (const to of ["https://evil.example/", "//evil.example/", "/\\evil.example"]) {
      expect(() =>
        toastCookie(request, { kind: "success", message: "Done.", links: [{ to, label: "x" }] }),
      ).toThrow();
    }
    expect(() => toastCookie(request, { kind: "success", message: "x".repeat(301) })).toThrow();
  });
});
