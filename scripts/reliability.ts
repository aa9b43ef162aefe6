/**
 * `npm run reliability [-- --runs N --fuzz N --quick --seed N --verbose]`: fault runs, route
 * fuzzing and access checks against the simulator and a throwaway console store.
 * See README "Reliability".
 */
import { createRequire } from 'node:module';
import path from 'node:path';

// Route handlers import `server-only`, which Next resolves to an empty module on the server.
// Outside Next the same has to be arranged before anything imports it.
const require = createRequire(path.join(process.cwd(), 'package.json'));
const serverOnly = require.resolve('server-only');
require.cache[serverOnly] = {
  id: serverOnly,
  filename: serverOnly,
  loaded: true,
  exports: {},
} as NodeJS.Module;

void import('@/testing/reliability/main').then(
  async ({ main }) => {
    process.exitCode = await main(process.argv.slice(2));
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
