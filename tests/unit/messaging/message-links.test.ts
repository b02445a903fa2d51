import { describe, expect, it } from "vitest";
import { splitLinks } from "~/components/message-links";

describe("splitLinks", () => {
  it("returns plain text as one text part", () => {
    expect(splitLinks("Anyone free for Saturday?")).toEqual([
      { kind: "text", text: "Anyone free for Saturday?" },
    ]);
  });

  it("finds an https address in the middle of a sentence", () => {
    expect(splitLinks("Policy is at https://intranet.example/ivs ok?")).toEqual([
      { kind: "text", text: "Policy is at " },
      { kind: "link", text: "https://intranet.example/ivs", href: "https://intranet.example/ivs" },
      { kind: "text", text: " ok?" },
    ]);
  });

  it("leaves a full stop or closing bracket after an address out of the link", () => {
    expect(splitLinks("(see http://a.example/x).")).toEqual([
      { kind: "text", text: "(see " },
      { kind: "link", text: "http://a.example/x", href: "http://a.example/x" },
      { kind: "text", text: ")." },
    ]);
  });

  it("does not make a link of javascript: or other schemes", () => {
    expect(splitLinks("javascript:alert(1) ftp://x.example")).toEqual([
      { kind: "text", text: "javascript:alert(1) ftp://x.example" },
    ]);
  });
});
