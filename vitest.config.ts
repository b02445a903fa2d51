import tsconfigPaths from "vite-tsconfig-paths";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    setupFiles: ["tests/setup/fresh-database.ts"],
    globalSetup: ["tests/setup/migrated-template.ts"],
    pool: "forks",
    testTimeout: 20_000,
  },
});
