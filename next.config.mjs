/** @type {import('next').NextConfig} */
const nextConfig = {
  // A separate build folder per dev server lets several run side by side in one checkout.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  serverExternalPackages: ['@electric-sql/pglite', 'pg', 'undici'],
  poweredByHeader: false,
  reactStrictMode: true,
  typedRoutes: false,
  // The build checks app code only; `npm run typecheck` covers tests and scripts too.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  // Every answer, pages and API alike; the page CSP (with its per-request nonce) is set in proxy.ts.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
