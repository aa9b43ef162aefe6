/** `npm run users -- add|list|set-role|disable|enable|set-password …`: see README "Sign-in and roles". */
import '../testing/outside-next';
import { loadEnvConfig } from '@next/env';

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
