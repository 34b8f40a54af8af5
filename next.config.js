// Next.js settings for Riskledger. The app runs offline: no remote fonts, images or telemetry.
/** @type {import('next').NextConfig} */
const nextConfig = {
  typedRoutes: false,
  // better-sqlite3 is a native addon: load it from node_modules at runtime, never bundle it.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
};

export default nextConfig;
