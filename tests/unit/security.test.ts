import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "~/models/audit/audit-export";
import { loggableError, loggablePath } from "~/web/log-safety";
import { safeNextPath } from "~/web/session-cookie.server";
import { isCredentialPath } from "../../server/app";
import { createWindowCounter } from "../../server/rate-limit";
import { contentSecurityPolicy, isFormContentType, isOriginAllowed } from "../../server/security";

const own = ["http://localhost:3000"];

describe("Origin check", () => {
  it("lets safe methods through whatever their Origin", () => {
    expect(isOriginAllowed({ method: "GET", origin: undefined, allowedOrigins: own })).toBe(true);
    expect(
      isOriginAllowed({ method: "HEAD", origin: "https://evil.example", allowedOrigins: own }),
    ).toBe(true);
  });

  it("accepts a POST from our own origin", () => {
    expect(
      isOriginAllowed({ method: "POST", origin: "http://localhost:3000", allowedOrigins: own }),
    ).toBe(true);
  });

  it.each(["DELETE", "PUT", "PATCH", "POST"])(
    "refuses a %s with a missing, null or foreign Origin",
    (method) => {
      expect(isOriginAllowed({ method, origin: undefined, allowedOrigins: own })).toBe(false);
      expect(isOriginAllowed({ method, origin: "null", allowedOrigins: own })).toBe(false);
      expect(isOriginAllowed({ method, origin: "https://evil.example", allowedOrigins: own })).toBe(
        false,
      );
      expect(
        isOriginAllowed({
          method,
          origin: "http://localhost:3000.evil.example",
          allowedOrigins: own,
        }),
      ).toBe(false);
    },
  );
});

describe("form bodies", () => {
  it("accepts the two encodings HTML forms and Remix send, whatever their parameters and case", () => {
    expect(isFormContentType("application/x-www-form-urlencoded")).toBe(true);
    expect(isFormContentType("application/x-www-form-urlencoded;charset=UTF-8")).toBe(true);
    expect(isFormContentType("Multipart/Form-Data; boundary=----abc")).toBe(true);
  });

  it("refuses JSON, plain text, anything else and a missing Content-Type", () => {
    expect(isFormContentType("application/json")).toBe(false);
    expect(isFormContentType("text/plain")).toBe(false);
    expect(isFormContentType("application/x-www-form-urlencoded-evil")).toBe(false);
    expect(isFormContentType("")).toBe(false);
    expect(isFormContentType(undefined)).toBe(false);
  });
});

describe("Origin check with Sec-Fetch-Site", () => {
  it("accepts a form post with Origin null or none when the browser says it came from our own origin", () => {
    for (const origin of ["null", undefined])
      expect(
        isOriginAllowed({ method: "POST", origin, fetchSite: "same-origin", allowedOrigins: own }),
      ).toBe(true);
  });

  it.each(["cross-site", "same-site", "Cross-Site"])(
    "refuses a post the browser marks %s, whatever its Origin",
    (fetchSite) => {
      for (const origin of ["null", undefined, "http://localhost:3000", "https://evil.example"])
        expect(isOriginAllowed({ method: "POST", origin, fetchSite, allowedOrigins: own })).toBe(
          false,
        );
    },
  );

  it("refuses a foreign Origin even when Sec-Fetch-Site says same-origin", () => {
    expect(
      isOriginAllowed({
        method: "POST",
        origin: "https://evil.example",
        fetchSite: "same-origin",
        allowedOrigins: own,
      }),
    ).toBe(false);
  });

  it("refuses Origin null when Sec-Fetch-Site says none (typed or bookmarked, never a form)", () => {
    expect(
      isOriginAllowed({ method: "POST", origin: "null", fetchSite: "none", allowedOrigins: own }),
    ).toBe(false);
  });
});

describe("Content-Security-Policy", () => {
  it("allows scripts only with the request's nonce and forbids plugins, base changes and framing", () => {
    const csp = contentSecurityPolicy("abc123", { development: false });
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });
});

describe("log lines", () => {
  it("never carry an invitation token or a query string", () => {
    expect(loggablePath("/invite/abcdefghijklmnopqrstuvwxyz234567")).toBe("/invite/[token]");
    expect(loggablePath("/admin/audit?q=amelia")).toBe("/admin/audit");
  });

  it("never carry a calendar feed token, however the path is spelt", () => {
    const token = "abcdefghijklmnopqrstuvwxyz234567";
    expect(loggablePath(`/calendar/${token}.ics`)).toBe("/calendar/[token].ics");
    expect(loggablePath(`/calendar/${token}.ics?x=1`)).toBe("/calendar/[token].ics");
    expect(loggablePath(`/Calendar/${token}.ICS`)).toBe("/calendar/[token].ics");
    expect(loggablePath(`/calendar/${token}.ics.data`)).toBe("/calendar/[token].ics.data");
    expect(loggablePath(`/calendar/${token}`)).toBe("/calendar/[token]");
    expect(loggablePath(`//calendar//${token}.ics/`)).toBe("//calendar/[token].ics");
    expect(loggablePath(`/INVITE/${token}`)).toBe("/invite/[token]");
    expect(loggablePath(`/reset/${token}`)).toBe("/reset/[token]");
    expect(loggablePath(`/reset/${token}.data`)).toBe("/reset/[token].data");
    expect(loggablePath(`/Reset/${token}?x=1`)).toBe("/reset/[token]");
    expect(loggablePath("/settings/calendar")).toBe("/settings/calendar");
  });

  it.each([
    ["percent-encoded letters", "/%63alendar/TOKEN.ics", "/calendar/[token].ics"],
    ["an encoded area and .data", "/c%61lendar/TOKEN.ics.data", "/calendar/[token].ics.data"],
    ["a dot segment before the area", "/./calendar/TOKEN.ics", "/calendar/[token].ics"],
    ["a dot segment after the area", "/calendar/./TOKEN.ics", "/calendar/[token].ics"],
    ["an encoded dot segment", "/%2e/calendar/TOKEN.ics", "/calendar/[token].ics"],
    ["a parent segment", "/x/../calendar/TOKEN.ics", "/calendar/[token].ics"],
    ["segments after the token", "/calendar/TOKEN.ics/x/..", "/calendar/[token].ics"],
    ["a backslash", "/calendar\\TOKEN.ics", "/calendar/[token].ics"],
    ["an encoded dot before ics", "/calendar/TOKEN%2Eics", "/calendar/[token].ics"],
    ["a ; parameter", "/calendar;a=b/TOKEN.ics", "/calendar/[token].ics"],
    ["a trailing dot on the area", "/calendar./TOKEN.ics", "/calendar/[token].ics"],
    ["an encoded slash", "/calendar%2fTOKEN.ics", "/calendar/[token].ics"],
    ["a fragment", "/calendar/TOKEN.ics#x", "/calendar/[token].ics"],
    ["a malformed escape", "/calendar/%TOKEN.ics", "/calendar/[token].ics"],
    ["an encoded invite", "/%69nvite/TOKEN", "/invite/[token]"],
    ["an invite with a ; parameter", "/invite/TOKEN;x", "/invite/[token]"],
    ["an invite behind dot segments", "/a/./../invite/TOKEN/", "/invite/[token]"],
    ["an encoded reset", "/r%65set/TOKEN", "/reset/[token]"],
    ["a reset behind dot segments", "/x/../reset/./TOKEN/", "/reset/[token]"],
  ])("never carry a token spelt with %s", (_spelling, path, logged) => {
    const token = "abcdefghijklmnopqrstuvwxyz234567";
    const line = loggablePath(path.replace("TOKEN", token));
    expect(line).toBe(logged);
    expect(line.toLowerCase()).not.toContain(token);
  });

  it("keep the pages whose address ends in calendar or invite, and their .data", () => {
    expect(loggablePath("/settings/calendar.data")).toBe("/settings/calendar.data");
    expect(loggablePath("/team/abc/invite")).toBe("/team/abc/invite");
    expect(loggablePath("/team/abc/members/def/password-reset")).toBe(
      "/team/abc/members/def/password-reset",
    );
    expect(loggablePath("/team/abc/invite.data?_routes=x")).toBe("/team/abc/invite.data");
  });

  it("keep a decoded line break out of the line", () => {
    expect(loggablePath("/team/%0aGET%20/forged")).toBe("/team/%0aGET%20/forged");
  });
});

describe("sign-in rate limit's paths", () => {
  it.each([
    "/login",
    "/login.data",
    "/LOGIN/",
    "/%6Cogin",
    "/x/../login",
    "/./setup",
    "/%73etup.data",
    "/invite/abc",
    "/%69nvite/abc.data",
    "/INVITE/abc;x",
    "/login/.data",
    "/setup/.data",
    "/LOGIN/.DATA",
  ])("counts a post to %s", (path) => {
    expect(isCredentialPath(path)).toBe(true);
  });

  it.each([
    "/logout",
    "/login/extra",
    "/team/abc/invite",
    "/settings/calendar",
    "/settings/password",
    "/reset/abc",
    "/team/abc/members/def/password-reset",
    "/",
    "/_root.data",
  ])("leaves a post to %s to the general limit", (path) => {
    expect(isCredentialPath(path)).toBe(false);
  });
});

describe("errors in the log", () => {
  it("keep a database error's SQL and cause but not its parameters", () => {
    const error = Object.assign(
      new Error("Failed query: insert into users ... params: nurse@trust.example,$argon2id$secret"),
      {
        query: "insert into users (email, password_hash) values (?, ?)",
        params: ["nurse@trust.example", "$argon2id$secret"],
        cause: new Error("SQLITE_BUSY: database is locked"),
      },
    );
    const logged = loggableError(error);
    expect(logged).toContain("insert into users (email, password_hash) values (?, ?)");
    expect(logged).toContain("SQLITE_BUSY");
    expect(logged).not.toContain("nurse@trust.example");
    expect(logged).not.toContain("argon2id");
  });
});

describe("returning after sign-in", () => {
  it("keeps a relative path and drops anything that could leave the site", () => {
    expect(safeNextPath("/team/abc")).toBe("/team/abc");
    expect(safeNextPath("//evil.example/x")).toBe("/shifts");
    expect(safeNextPath("/\\evil.example")).toBe("/shifts");
    expect(safeNextPath("https://evil.example")).toBe("/shifts");
    expect(safeNextPath(null)).toBe("/shifts");
    // Browsers strip tabs and newlines from URLs: "/\t/evil.example" would become "//evil.example".
    expect(safeNextPath("/\t/evil.example")).toBe("/shifts");
    expect(safeNextPath("/%09/evil.example")).toBe("/%09/evil.example");
    expect(safeNextPath("/\n/evil.example")).toBe("/shifts");
    expect(safeNextPath("/team/abc?tab=rota")).toBe("/team/abc?tab=rota");
  });
});

describe("request rate limit", () => {
  it("allows the limit within a window, refuses the next, and resets with the next window", () => {
    const counter = createWindowCounter({ limit: 3, windowMs: 60_000 });
    const t0 = 1_000_000;
    expect([1, 2, 3].map((i) => counter.hit("1.2.3.4", t0 + i).allowed)).toEqual([
      true,
      true,
      true,
    ]);
    expect(counter.hit("1.2.3.4", t0 + 10).allowed).toBe(false);
    expect(counter.hit("5.6.7.8", t0 + 10).allowed).toBe(true);
    expect(counter.hit("1.2.3.4", t0 + 60_001).allowed).toBe(true);
  });
});

describe("audit CSV", () => {
  it("quotes commas, quotes and line breaks", () => {
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
    expect(csvCell("+44 7700 900123")).toBe("'+44 7700 900123");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
  });

  it("writes a header row and CRLF line ends", () => {
    expect(toCsv(["a", "b"], [[1, null]])).toBe("a,b\r\n1,\r\n");
  });
});
