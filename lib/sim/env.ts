import { z } from 'zod';
import type { SimulatorOptions } from './server';

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole port number' })
  .min(0, { error: 'must be between 0 and 65535' })
  .max(65535, { error: 'must be between 0 and 65535' });

const nonEmpty = z.string().trim().min(1, { error: 'must not be empty' });

export const simEnvSchema = z.object({
  FIN_SIM_PORT: port.default(4010),
  FIN_SIM_HOST: nonEmpty.default('127.0.0.1'),
  FIN_SIM_TOKEN: nonEmpty.default('sim-token'),
  FIN_SIM_APP_TOKEN: nonEmpty.default('sim-app-token'),
  FIN_SIM_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  FIN_SIM_WEBHOOK_SECRET: nonEmpty.default('sim-client-secret'),
  FIN_SIM_CLIENT_ID: nonEmpty.default('sim-client-id'),
  FIN_SIM_EVENTS_SECRET: nonEmpty.optional(),
  FIN_SIM_PACE: z.enum(['instant', 'demo'], { error: 'must be "instant" or "demo"' }).default('demo'),
  FIN_SIM_VARIANTS: z.enum(['0', '1'], { error: 'must be 0 or 1' }).optional(),
  FIN_SIM_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
  FIN_SIM_INTERCOM_IDS: z.enum(['0', '1'], { error: 'must be "0" or "1"' }).default('0'),
  FIN_SIM_DATA_DIR: nonEmpty.optional(),
});

/**
 * Reads the simulator's options from the environment. Empty variables count as unset.
 * Returns one readable line naming the first bad variable instead of throwing.
 */
export function optionsFromEnv(
  env: Record<string, string | undefined>,
): { options: SimulatorOptions } | { error: string } {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k.startsWith('FIN_SIM_') && v !== undefined && v !== ''),
  );
  const parsed = simEnvSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'FIN_SIM_*');
    return {
      error: `${name} ${issue?.message ?? 'is invalid'} (got ${JSON.stringify(present[name] ?? '')})`,
    };
  }
  const e = parsed.data;
  return {
    options: {
      port: e.FIN_SIM_PORT,
      host: e.FIN_SIM_HOST,
      token: e.FIN_SIM_TOKEN,
      appToken: e.FIN_SIM_APP_TOKEN,
      webhookSecret: e.FIN_SIM_WEBHOOK_SECRET,
      clientId: e.FIN_SIM_CLIENT_ID,
      pace: e.FIN_SIM_PACE,
      ...(e.FIN_SIM_WEBHOOK_URL ? { webhookUrl: e.FIN_SIM_WEBHOOK_URL } : {}),
      ...(e.FIN_SIM_EVENTS_SECRET ? { eventsSecret: e.FIN_SIM_EVENTS_SECRET } : {}),
      ...(e.FIN_SIM_PUBLIC_URL ? { publicUrl: e.FIN_SIM_PUBLIC_URL } : {}),
      ...(e.FIN_SIM_VARIANTS ? { variants: e.FIN_SIM_VARIANTS === '1' } : {}),
      ...(e.FIN_SIM_INTERCOM_IDS === '1' ? { intercomIds: true } : {}),
      ...(e.FIN_SIM_DATA_DIR ? { dataDir: e.FIN_SIM_DATA_DIR } : {}),
    },
  };
}
