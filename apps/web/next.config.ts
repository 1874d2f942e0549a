import type { NextConfig } from 'next';

const config: NextConfig = {
  // The portal imports the typed client from @tickwork/api, whose exports point at .ts sources.
  transpilePackages: ['@tickwork/api'],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
