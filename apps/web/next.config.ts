import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The protocol package ships TypeScript source (zod schemas), so Next compiles it with the app.
  transpilePackages: ["@copilot/protocol"],
  poweredByHeader: false,
  reactStrictMode: true,
  // `next dev` would otherwise write instruction files for coding agents into the checkout.
  agentRules: false,
  experimental: {
    // The icon package is a barrel of ~1,500 icons; import only the ones used.
    optimizePackageImports: ["@phosphor-icons/react"],
  },
};

export default nextConfig;
