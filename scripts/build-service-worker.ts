// After `remix vite:build`: writes build/client/sw.js from public/sw.js with the list of files
// to precache (the hashed assets and the offline page) and a version that changes with them, so
// a new build installs a new worker and the page can offer "Update now".
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const CLIENT = "build/client";

function listFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    return entry.isDirectory() ? listFiles(full) : [full];
  });
}

const assets = listFiles(path.join(CLIENT, "assets"))
  .filter((file) => /\.(js|css|woff2?|svg|png)$/.test(file))
  .map((file) => `/${path.relative(CLIENT, file).split(path.sep).join("/")}`)
  .sort();
// Only hashed build assets and the offline page (with its stylesheet): nothing a person's data
// could ever be part of.
const precache = [...assets, "/offline.html", "/offline.css"];
const template = fs.readFileSync("public/sw.js", "utf8");
// The version covers every precached file's contents and the worker itself, so any change to
// them, even one that keeps every name, installs a new worker and offers the update.
const digest = createHash("sha256").update(template);
for (const url of precache) digest.update(url).update(fs.readFileSync(path.join(CLIENT, url)));
const version = digest.digest("hex").slice(0, 12);

const output = template
  .replace(/^const VERSION = .*;$/m, `const VERSION = ${JSON.stringify(version)};`)
  .replace(/^const PRECACHE_URLS = .*;$/m, `const PRECACHE_URLS = ${JSON.stringify(precache)};`);
if (output === template)
  throw new Error("public/sw.js no longer has the VERSION and PRECACHE_URLS lines to fill in");
fs.writeFileSync(path.join(CLIENT, "sw.js"), output);
console.log(`Service worker ${version}: ${precache.length} files to precache.`);
