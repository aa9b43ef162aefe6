/**
 * `npm run users -- add --email x --name "…" --role lead [--password …]`, `list`, `set-role`,
 * `disable`, `enable`, `set-password`: manage console accounts in the configured store
 * (DATABASE_URL or DATA_DIR, read from the environment and .env like the console). See README
 * "Sign-in and roles".
 */
import { createRequire } from 'node:module';
import { loadEnvConfig } from '@next/env';
import path from 'node:path';

// The auth modules import `server-only`, which Next resolves to an empty module on the server.
const require = createRequire(path.join(process.cwd(), 'package.json'));
const serverOnly = require.resolve('server-only');
require.cache[serverOnly] = {
  id: serverOnly,
  filename: serverOnly,
  loaded: true,
  exports: {},
} as NodeJS.Module;

loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });
process.env.FIN_CONSOLE_QUIET ??= '1';

void import('../lib/server/auth/cli').then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
