// The PDF check (app/messaging/attachments/pdf-check.ts): header, trailer and cross-reference
// offset as ISO 32000-1 lays them out, and no active content.
import { describe, expect, it } from "vitest";
import { simplePdf } from "~/messaging/attachments/demo-files.server";
import { pdfProblem } from "~/messaging/attachments/pdf-check";

const pdf = () => simplePdf(["Pressure ulcer prevention", "Keep moving"]);
const text = (bytes: Buffer) => bytes.toString("latin1");
const bytesOf = (s: string) => Buffer.from(s, "latin1");

describe("pdfProblem", () => {
  it("accepts a well-formed PDF", () => {
    expect(pdfProblem(pdf())).toBeNull();
  });

  it("refuses bytes that do not begin with a PDF header and version", () => {
    expect(pdfProblem(bytesOf(` ${text(pdf())}`))).toMatch(/not a readable PDF/);
    expect(pdfProblem(bytesOf(text(pdf()).replace("%PDF-1.4", "%PDF-9.9")))).toMatch(
      /not a readable PDF/,
    );
    expect(pdfProblem(bytesOf("MZ\x90\x00"))).toMatch(/not a readable PDF/);
  });

  it("refuses a PDF cut short (no %%EOF) or with no startxref", () => {
    const whole = text(pdf());
    expect(pdfProblem(bytesOf(whole.slice(0, whole.length - 200)))).toMatch(/not a readable PDF/);
    expect(pdfProblem(bytesOf(whole.replace("startxref", "startxrof")))).toMatch(
      /not a readable PDF/,
    );
  });

  it("refuses a startxref that points outside the file or at something other than a cross-reference", () => {
    const whole = text(pdf());
    const offset = /startxref\n(\d+)/.exec(whole)![1]!;
    const pointing = (to: number) =>
      bytesOf(
        whole.replace(
          `startxref\n${offset}`,
          `startxref\n${String(to).padStart(offset.length, "0")}`,
        ),
      );
    expect(pdfProblem(pointing(Number(offset)))).toBeNull();
    expect(pdfProblem(pointing(Number(offset) + 3))).toMatch(/not a readable PDF/);
    expect(pdfProblem(pointing(99_999_999))).toMatch(/not a readable PDF/);
  });

  it("refuses scripts, launch actions and embedded files, however the name is spelt", () => {
    // Written over the font's dictionary at the same length, so every offset stays right.
    const font = "/Type /Font /Subtype /Type1 /BaseFont /Helvetica";
    const withName = (name: string) =>
      bytesOf(text(pdf()).replace(font, `/S ${name}`.padEnd(font.length, " ")));
    expect(pdfProblem(withName("/JavaScript"))).toMatch(/scripts, actions or embedded files/);
    expect(pdfProblem(withName("/J#61vaScript"))).toMatch(/scripts, actions or embedded files/);
    expect(pdfProblem(withName("/Launch"))).toMatch(/scripts, actions or embedded files/);
    expect(pdfProblem(withName("/EmbeddedFiles"))).toMatch(/scripts, actions or embedded files/);
  });

  it("refuses an encrypted PDF, which cannot be checked", () => {
    const encrypted = bytesOf(text(pdf()).replace("/Root 1 0 R", "/Root 1 0 R /Encrypt 9 0 R"));
    expect(pdfProblem(encrypted)).toMatch(/encrypted or password-protected/);
  });
});
