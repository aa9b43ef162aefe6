import { randomBytes } from 'node:crypto';

/** CONSOLE_ADMIN_TOKEN from the environment, else random per run: every console API call sends it. */
export const ADMIN_TOKEN = process.env.CONSOLE_ADMIN_TOKEN || randomBytes(24).toString('base64url');

export const consoleAuth: Record<string, string> = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** The demo lead (seeded by a console whose Fin API is the simulator): pages need a signed-in browser. */
export const DEMO_LEAD = { email: 'lead@demo.test', password: 'demo-lead' } as const;
