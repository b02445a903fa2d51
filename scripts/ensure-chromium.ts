// Before the end-to-end tests: make sure there is a Chromium for Playwright to drive. The tests
// use Debian's package (Playwright's own browser download needs internet access that CI and
// this project's machines may not have), or whatever CHROME_PATH names. Run by `npm run test:e2e`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";

const DEBIAN_CHROMIUM = "/usr/bin/chromium";

function isExecutableFile(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

function commandExists(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function version(file: string): string {
  const result = spawnSync(file, ["--version"], { encoding: "utf8", timeout: 30_000 });
  return result.status === 0 ? result.stdout.trim() : "version unknown";
}

function use(file: string, how: string): never {
  console.log(`End-to-end tests will use ${version(file)} at ${file} (${how}).`);
  process.exit(0);
}

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
  if (result.status !== 0) {
    fail(
      `\`${command} ${args.join(" ")}\` failed (exit ${result.status ?? result.signal}). Install Chromium yourself (sudo apt-get install chromium), or set CHROME_PATH to a Chromium or Chrome executable.`,
    );
  }
}

const configured = process.env.CHROME_PATH;
if (configured) {
  if (isExecutableFile(configured)) use(configured, "from CHROME_PATH");
  fail(
    `CHROME_PATH is set to ${configured}, which is not an executable file. Point it at a Chromium or Chrome executable, or unset it to use Debian's chromium package (${DEBIAN_CHROMIUM}).`,
  );
}

if (isExecutableFile(DEBIAN_CHROMIUM)) use(DEBIAN_CHROMIUM, "Debian's chromium package");

const isRoot = os.userInfo().uid === 0;
if (isRoot && commandExists("apt-get")) {
  console.log(`No Chromium at ${DEBIAN_CHROMIUM}: installing Debian's chromium package.`);
  run("apt-get", ["update"]);
  run("apt-get", [
    "install",
    "-y",
    "--no-install-recommends",
    "chromium",
    // Metric-compatible stand-ins for Arial and friends, so pages render (and axe measures
    // contrast and reflow) with real fonts.
    "fonts-liberation",
  ]);
  if (isExecutableFile(DEBIAN_CHROMIUM)) use(DEBIAN_CHROMIUM, "just installed from Debian");
  fail(`apt-get installed chromium, but there is still no executable at ${DEBIAN_CHROMIUM}.`);
}

fail(
  [
    "The end-to-end tests need Chromium, and there is none at /usr/bin/chromium.",
    "Do one of these, then run `npm run test:e2e` again:",
    "  - install Debian's package:  sudo apt-get install chromium fonts-liberation",
    "  - or point CHROME_PATH at a Chromium or Chrome executable, e.g.",
    "      CHROME_PATH=/path/to/chrome npm run test:e2e",
    "(`npx playwright install` is not used: it downloads browsers from the internet.)",
  ].join("\n"),
);
