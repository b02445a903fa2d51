// Imports flow one way: routes -> messaging -> models -> db (DESIGN.md, "Shape"; decision 011).
// A model that imports upward drags request handling or UI into the domain, and a component that
// imports a *.server module would pull database code toward the browser bundle.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const APP = path.resolve("app");

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) ? [full] : [];
  });
}

/** Every module a file imports (static, dynamic or type-only), as a path under app/ when it is one. */
function importedAppPaths(file: string, source: string): string[] {
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map(
    (match) => match[1] ?? "",
  );
  return specifiers.flatMap((specifier) => {
    if (specifier.startsWith("~/")) return [path.join(APP, specifier.slice(2))];
    if (specifier.startsWith(".")) return [path.resolve(path.dirname(file), specifier)];
    return [];
  });
}

function violations(directory: string, isForbidden: (target: string) => boolean): string[] {
  return sourceFiles(path.join(APP, directory)).flatMap((file) =>
    importedAppPaths(file, fs.readFileSync(file, "utf8"))
      .filter(isForbidden)
      .map((target) => `${path.relative(APP, file)} imports ${path.relative(APP, target)}`),
  );
}

const under = (target: string, folder: string) =>
  target === path.join(APP, folder) || target.startsWith(path.join(APP, folder) + path.sep);

describe("import direction", () => {
  it("a model imports nothing from routes, messaging, components or web", () => {
    const upward = ["routes", "messaging", "components", "web"];
    expect(violations("models", (t) => upward.some((folder) => under(t, folder)))).toEqual([]);
  });

  it("a component imports no *.server module and nothing from routes", () => {
    expect(
      violations("components", (t) => /\.server(\.tsx?)?$/.test(t) || under(t, "routes")),
    ).toEqual([]);
  });

  it("the check sees an upward import written either way", () => {
    const file = path.join(APP, "models/rota/example.server.ts");
    const found = importedAppPaths(
      file,
      'import { x } from "~/routes/login";\nimport type { Y } from "../../messaging/hub.server";',
    );
    expect(found.map((t) => path.relative(APP, t))).toEqual([
      "routes/login",
      "messaging/hub.server",
    ]);
  });
});
