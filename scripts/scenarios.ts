/** `npm run scenarios -- [--suite FILE|DIR] [--console URL] [--token T] [--junit FILE] [--repeat K]`: see lib/scenarios/cli.ts. */
import { main } from '../lib/scenarios/cli';

void main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 2;
  },
);
