// Lets plain Node (with tsx) load Vite's `?raw` imports (the common-password list), so the bare
// handler can import the same model modules as the Remix build. Benchmarks only.
import { register } from "node:module";

register(
  `data:text/javascript,${encodeURIComponent(`
    import fs from "node:fs";
    export async function load(url, context, next) {
      if (!url.startsWith("file:") || !url.endsWith("?raw")) return next(url, context);
      const text = fs.readFileSync(new URL(url.slice(0, -4)), "utf8");
      return { format: "module", shortCircuit: true, source: "export default " + JSON.stringify(text) + ";" };
    }
  `)}`,
);
