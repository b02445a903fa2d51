import { vitePlugin as remix } from "@remix-run/dev";
import type { Plugin as PostcssPlugin } from "postcss";
import { defineConfig } from "vite";
import tsconfigPaths from "vite-tsconfig-paths";
import { remixOptions } from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

/**
 * The NHS.UK stylesheet loads its licensed font from assets.nhs.uk. Baton makes no third-party
 * requests (they would tell another server who uses Baton, and when), so those @font-face rules
 * are dropped and the stylesheet's own fallback, Arial, is used.
 */
const dropRemoteFonts: PostcssPlugin = {
  postcssPlugin: "baton-drop-remote-fonts",
  AtRule: {
    "font-face": (rule) => {
      if (/url\(\s*["']?https?:/.test(rule.toString())) rule.remove();
    },
  },
};

export default defineConfig({
  plugins: [remix(remixOptions), tsconfigPaths()],
  css: { postcss: { plugins: [dropRemoteFonts] } },
  server: { hmr: { port: 24678 } },
  // The NHS.UK stylesheet arrives minified, and esbuild's minifier only warns about its old IE
  // hacks; Baton's own stylesheet is small enough not to need it.
  build: { target: "es2022", cssMinify: false },
});
