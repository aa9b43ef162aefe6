import { createRequire } from 'node:module';
import path from 'node:path';

// Server modules import `server-only`, which Next resolves to an empty module on the server;
// a script run outside Next arranges the same by importing this first.
const require = createRequire(path.join(process.cwd(), 'package.json'));
const serverOnly = require.resolve('server-only');
require.cache[serverOnly] = {
  id: serverOnly,
  filename: serverOnly,
  loaded: true,
  exports: {},
} as NodeJS.Module;

/** Loads a CLI module once `server-only` is stubbed, runs its `main` and sets the exit code (2 if it throws). */
export function runMain(load: () => Promise<{ main: (argv: string[]) => Promise<number> }>) {
  void load().then(
    async ({ main }) => {
      process.exitCode = await main(process.argv.slice(2));
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}
