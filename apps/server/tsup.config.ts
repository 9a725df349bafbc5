import { cp } from "node:fs/promises";
import { defineConfig } from "tsup";

// The server ships as one ESM bundle per entry; dependencies stay in node_modules, only the
// workspace's own protocol package (TypeScript source) is bundled in.
export default defineConfig({
  entry: { cli: "src/cli.ts" },
  format: "esm",
  platform: "node",
  // Supported: Node 22 and 24. Emitting for 20 costs nothing and keeps an older machine working.
  target: "node20",
  outDir: "dist",
  clean: true,
  sourcemap: true,
  splitting: false,
  noExternal: ["@copilot/protocol"],
  banner: { js: "#!/usr/bin/env node" },
  // Migrations are read from beside the bundle at run time.
  onSuccess: async () => {
    await cp("src/db/migrations", "dist/migrations", { recursive: true });
  },
});
