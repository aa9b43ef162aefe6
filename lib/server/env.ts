import 'server-only';
import { z } from 'zod';

const REGION_HOSTS = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
} as const;

export const SIMULATOR_BASE_URL = 'http://127.0.0.1:4010';
const SIM_TOKEN = 'sim-token';
const SIM_CLIENT_SECRET = 'sim-client-secret';
const SIM_CLIENT_ID = 'sim-client-id';
/** A browser holds a few streams per tab; twenty covers several tabs and stops a flood. */
const DEFAULT_STREAMS_PER_PRINCIPAL = 20;

/** Empty strings in a `.env` mean "not set", so defaults apply. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const positiveInt = (max: number) =>
  z.coerce
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .max(max, { error: `must be at most ${max}` });

const rawEnvSchema = z.object({
  PORT: optional(positiveInt(65_535)),
  FIN_API_BASE_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. http://127.0.0.1:4010' }),
  ),
  INTERCOM_REGION: optional(z.enum(['us', 'eu', 'au'], { error: 'must be one of us, eu, au' })),
  INTERCOM_ACCESS_TOKEN: optional(z.string()),
  INTERCOM_CLIENT_SECRET: optional(z.string()),
  FIN_EVENTS_WEBHOOK_SECRET: optional(z.string()),
  DATABASE_URL: optional(
    z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }),
  ),
  DATA_DIR: optional(z.string()),
  FIN_HTTP_TIMEOUT_MS: optional(positiveInt(300_000)),
  CONSOLE_ADMIN_TOKEN: optional(
    z.string().trim().min(24, { error: 'must be at least 24 characters (e.g. openssl rand -hex 24)' }),
  ),
  CONSOLE_DEMO_ACCOUNTS: optional(z.enum(['0', '1'], { error: 'must be 0 or 1' })),
  CONSOLE_ENCRYPTION_KEY: optional(z.string().trim()),
  INTERCOM_CLIENT_ID: optional(z.string().trim()),
  INTERCOM_OAUTH_REDIRECT_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /api/connection/oauth/callback' }),
  ),
  CONSOLE_STREAMS_PER_PRINCIPAL: optional(positiveInt(1_000_000)),
});

export type FinApiTarget = 'simulator' | 'intercom-us' | 'intercom-eu' | 'intercom-au' | 'custom';

export interface Env {
  port: number;
  finApiBaseUrl: string;
  finApiTarget: FinApiTarget;
  accessToken: string;
  clientSecret: string;
  finEventsWebhookSecret: string;
  databaseUrl: string | null;
  dataDir: string;
  finHttpTimeoutMs: number;
  /** A Bearer token that acts as a lead (operations, scripts); null when not set. */
  adminToken: string | null;
  /** CONSOLE_DEMO_ACCOUNTS: true/false when set, null to follow the Fin API target. */
  demoAccounts: boolean | null;
  /** CONSOLE_ENCRYPTION_KEY decoded (32 bytes): encrypts the stored OAuth token; null when not set. */
  encryptionKey: Buffer | null;
  /** The OAuth app's client id; null means OAuth is not configured (the simulator has a default). */
  oauthClientId: string | null;
  /** Where Intercom sends the browser back; null derives it from the request origin. */
  oauthRedirectUrl: string | null;
  /** Live streams one account (or token without one) may hold open on one instance. */
  streamsPerPrincipal: number;
}

export class EnvError extends Error {
  override name = 'EnvError';
}

const isLoopback = (url: string) => {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
};

/**
 * Turns raw variables into the console's configuration. Throws one line naming the variable
 * at fault, so a bad `.env` stops start-up with a message a newcomer can act on.
 */
export function parseEnv(raw: Record<string, string | undefined>): Env {
  const parsed = rawEnvSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    // Never echo a secret into logs.
    const got = /TOKEN|SECRET|KEY/.test(name) ? undefined : raw[name];
    throw new EnvError(
      `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${got === undefined ? '' : ` (got "${got}")`}`,
    );
  }
  const v = parsed.data;
  if (v.FIN_API_BASE_URL && v.INTERCOM_REGION) {
    throw new EnvError('Invalid configuration: set FIN_API_BASE_URL or INTERCOM_REGION, not both');
  }

  const finApiBaseUrl = (
    v.FIN_API_BASE_URL ?? (v.INTERCOM_REGION ? REGION_HOSTS[v.INTERCOM_REGION] : SIMULATOR_BASE_URL)
  ).replace(/\/+$/, '');
  // Loopback means the local simulator: its well-known credentials are safe defaults there
  // and nowhere else.
  const local = !v.INTERCOM_REGION && isLoopback(finApiBaseUrl);
  const finApiTarget: FinApiTarget = v.INTERCOM_REGION
    ? `intercom-${v.INTERCOM_REGION}`
    : local
      ? 'simulator'
      : 'custom';

  const accessToken = v.INTERCOM_ACCESS_TOKEN ?? (local ? SIM_TOKEN : undefined);
  if (!accessToken) {
    throw new EnvError(
      `Invalid configuration: INTERCOM_ACCESS_TOKEN is required when talking to ${finApiBaseUrl}`,
    );
  }
  const clientSecret = v.INTERCOM_CLIENT_SECRET ?? (local ? SIM_CLIENT_SECRET : undefined);
  if (!clientSecret) {
    throw new EnvError(
      `Invalid configuration: INTERCOM_CLIENT_SECRET is required when talking to ${finApiBaseUrl} (it verifies webhooks)`,
    );
  }

  const encryptionKey = v.CONSOLE_ENCRYPTION_KEY ? decodeKey(v.CONSOLE_ENCRYPTION_KEY) : null;

  return {
    port: v.PORT ?? 3000,
    finApiBaseUrl,
    finApiTarget,
    accessToken,
    clientSecret,
    finEventsWebhookSecret: v.FIN_EVENTS_WEBHOOK_SECRET ?? clientSecret,
    databaseUrl: v.DATABASE_URL ?? null,
    dataDir: v.DATA_DIR ?? './data',
    finHttpTimeoutMs: v.FIN_HTTP_TIMEOUT_MS ?? 10_000,
    adminToken: v.CONSOLE_ADMIN_TOKEN ?? null,
    demoAccounts: v.CONSOLE_DEMO_ACCOUNTS === undefined ? null : v.CONSOLE_DEMO_ACCOUNTS === '1',
    encryptionKey,
    oauthClientId: v.INTERCOM_CLIENT_ID ?? (local ? SIM_CLIENT_ID : null),
    oauthRedirectUrl: v.INTERCOM_OAUTH_REDIRECT_URL ?? null,
    streamsPerPrincipal: v.CONSOLE_STREAMS_PER_PRINCIPAL ?? DEFAULT_STREAMS_PER_PRINCIPAL,
  };
}

/** A 32-byte key given as 64 hex characters or as base64 (standard or url-safe). */
function decodeKey(text: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(text)
    ? Buffer.from(text, 'hex')
    : /^[A-Za-z0-9+/_-]{43}=?$/.test(text)
      ? Buffer.from(text, 'base64')
      : null;
  if (key?.length !== 32) {
    throw new EnvError(
      'Invalid configuration: CONSOLE_ENCRYPTION_KEY must be 32 bytes, written as 64 hex characters or base64 (e.g. openssl rand -base64 32)',
    );
  }
  return key;
}

const cache = globalThis as unknown as { __finConsoleEnv?: Env };

/** The process configuration, parsed once; a bad value throws on first use. */
export function getEnv(): Env {
  cache.__finConsoleEnv ??= parseEnv(process.env);
  return cache.__finConsoleEnv;
}
