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
