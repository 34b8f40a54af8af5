// Next.js settings for Riskledger. The app runs offline: no remote fonts, images or telemetry.
// The per-request Content-Security-Policy (with its script nonce) is set in proxy.ts; the
// headers below hold for every response, static files included.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "same-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  { key: "Cross-Origin-Resource-Policy", value: "same-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=(), usb=()" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Browser tests on a second port build into their own folder (tests/browser/support/e2e-server.ts).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  typedRoutes: false,
  // better-sqlite3 is a native addon: load it from node_modules at runtime, never bundle it.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  // Whatever a server file's paths make Turbopack guess, a build never copies what these folders hold:
  // people's uploads and the sign-in secret (data/), checkpoints (models/), benchmark models (bench/).
  outputFileTracingExcludes: { "/*": ["data/**", "models/**", "bench/**"] },
  experimental: {
    // Keep in step with MAX_BODY_BYTES in lib/http/body-limit.ts.
    serverActions: { bodySizeLimit: "1mb" },
    // Above MAX_BODY_BYTES on purpose: Next cuts what it buffers for the proxy at this size, and a
    // body cut just under the limit would look whole; at 2 MB, one over the limit still reaches the
    // proxy's guard (lib/http/action-body-guard.ts) over it, and is refused with 413.
    proxyClientMaxBodySize: "2mb",
  },
  async headers() {
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
