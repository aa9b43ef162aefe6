/** `npm run users -- add|list|set-role|disable|enable|set-password …`: see README "Sign-in and roles". */
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
