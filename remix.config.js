// The Remix plugin options in one place: vite.config.ts passes them to the plugin and
// app/routes.ts reads the ignored route files. `tsc` checks this file through the JSDoc type.

/** Files in app/routes that are not routes: tests and helpers kept beside a route. */
export const ignoredRouteFiles = ["**/.*", "**/*.test.{ts,tsx}", "**/*.css"];

/** @type {import("@remix-run/dev").VitePluginConfig} */
export const remixOptions = {
  appDirectory: "app",
  buildDirectory: "build",
  serverModuleFormat: "esm",
  ignoredRouteFiles,
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_singleFetch: true,
    v3_lazyRouteDiscovery: true,
    v3_routeConfig: true,
  },
};

export default remixOptions;
