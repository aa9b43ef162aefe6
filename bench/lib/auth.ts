import { randomBytes } from 'node:crypto';

/**
 * The operations token the benchmark's consoles are started with (CONSOLE_ADMIN_TOKEN): the one
 * in the environment, else a random one per run. Every call to a console's API sends it.
 */
export const ADMIN_TOKEN = process.env.CONSOLE_ADMIN_TOKEN || randomBytes(24).toString('base64url');

/** Headers that authenticate a call to the console's API. */
export const consoleAuth: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The demo lead (seeded by a console whose Fin API is the simulator): pages need a signed-in browser. */
export const DEMO_LEAD = { email: 'lead@demo.test', password: 'demo-lead' } as const;
