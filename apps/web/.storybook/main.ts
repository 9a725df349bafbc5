import path from "node:path";
import type { StorybookConfig } from "@storybook/react-vite";
import { mergeConfig, type UserConfig } from "vite";

/** What Storybook's Vite build needs on top of its defaults to compile the app's components. */
const appViteConfig: UserConfig = {
  // Vite does not read tsconfig `paths`; mirror `@/*` → `src/*`.
  resolve: { alias: { "@": path.resolve(import.meta.dirname, "../src") } },
  // No @vitejs/plugin-react here: esbuild compiles JSX with the automatic runtime, as Next does.
  esbuild: { jsx: "automatic" },
  // React is CommonJS and hoisted to the repository root; unless it is pre-bundled as an entry of
  // its own, the dev server hands the raw CJS file to modules that import it ("no export named
  // default") and stories never render. Production builds convert CJS anyway.
  optimizeDeps: {
    include: ["react", "react-dom", "react-dom/client", "react/jsx-runtime", "react/jsx-dev-runtime"],
  },
  build: {
    // The preview bundle is a dev tool, loaded once; its size is not a user-facing budget.
    chunkSizeWarningLimit: 2_000,
    rollupOptions: {
      // "use client" marks Next client components; a plain Vite bundle drops it, warns, and then
      // fails to map that warning to line 1:0 of the source. Both are noise here.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE" && warning.message.includes("use client")) return;
        if (warning.code === "SOURCEMAP_ERROR" && warning.loc?.line === 1 && warning.loc.column === 0) return;
        warn(warning);
      },
    },
  },
};

const config: StorybookConfig = {
  framework: { name: "@storybook/react-vite", options: {} },
  stories: ["../src/**/*.stories.@(ts|tsx)"],
  // Offline machine: no telemetry, no "what's new" fetch (the scripts also pass --no-version-updates).
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // Stories spell out their args; skipping prop-type extraction keeps startup and builds fast.
  typescript: { reactDocgen: false },
  viteFinal: (viteConfig) => mergeConfig(viteConfig, appViteConfig),
};

export default config;
