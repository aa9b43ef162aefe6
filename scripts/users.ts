/** `npm run users -- add|list|set-role|disable|enable|set-password …`: see README "Sign-in and roles". */
import { runMain } from '../testing/outside-next';
import { loadEnvConfig } from '@next/env';

loadEnvConfig(process.cwd(), false, { info: () => undefined, error: console.error });
process.env.FIN_CONSOLE_QUIET ??= '1';

runMain(() => import('../lib/server/auth/cli'));
