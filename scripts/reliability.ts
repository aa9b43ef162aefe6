/** `npm run reliability [-- --runs N --fuzz N --quick --seed N --verbose]`: see README "Reliability". */
import { createRequire } from 'node:module';
import path from 'node:path';

// Next resolves `server-only` to an empty module; outside Next that is arranged before any import.
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
