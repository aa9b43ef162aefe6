import 'server-only';
import { isIP } from 'node:net';
import { z } from 'zod';
import { DEFAULT_INTERCOM_VERSION, intercomVersionSchema } from '@/lib/fin/version';
import { redact } from './log';

const REGION_HOSTS = {
  us: 'https://api.intercom.io',
  eu: 'https://api.eu.intercom.io',
  au: 'https://api.au.intercom.io',
} as const;

export const SIMULATOR_BASE_URL = 'http://127.0.0.1:4010';
const SIM_FIN_KEY = 'sim-token';
const SIM_APP_TOKEN = 'sim-app-token';
const SIM_CLIENT_SECRET = 'sim-client-secret';
const SIM_CLIENT_ID = 'sim-client-id';
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
  FIN_AGENT_API_KEY: optional(z.string().trim()),
  INTERCOM_API_VERSION: optional(intercomVersionSchema),
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
  CONSOLE_SESSION_MAX_DAYS: optional(positiveInt(365)),
  TRUST_PROXY: optional(z.string().trim()),
  CONSOLE_ORIGIN: optional(
    z.url({
      protocol: /^https?$/,
      error: "must be the console's public origin, e.g. https://console.example.com",
    }),
  ),
  CONSOLE_ALLOWED_HOSTS: optional(
    z.string().regex(/^\s*[A-Za-z0-9.[\]:-]+\s*(,\s*[A-Za-z0-9.[\]:-]+\s*)*$/, {
      error: 'must be host names separated by commas, e.g. console.example.com,console.internal',
    }),
  ),
  INTERCOM_OAUTH_REDIRECT_URL: optional(
    z.url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /api/connection/oauth/callback' }),
  ),
  CONSOLE_STREAMS_PER_PRINCIPAL: optional(positiveInt(1_000_000)),
});

type RawEnv = z.output<typeof rawEnvSchema>;

const storeEnv = (v: Pick<RawEnv, 'DATABASE_URL' | 'DATA_DIR'>) => ({
  databaseUrl: v.DATABASE_URL ?? null,
  dataDir: v.DATA_DIR ?? './data',
});

export type TrustProxy = { hops: number } | { ranges: string[] };

export class EnvError extends Error {
  override name = 'EnvError';
}

const isLoopback = (url: string) => {
  const host = new URL(url).hostname;
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]' || host === '::1';
};

const envSchema = rawEnvSchema.transform((v) => {
  if (v.FIN_API_BASE_URL && v.INTERCOM_REGION) {
    throw new EnvError('Invalid configuration: set FIN_API_BASE_URL or INTERCOM_REGION, not both');
  }
  const finApiBaseUrl = (
    v.FIN_API_BASE_URL ?? (v.INTERCOM_REGION ? REGION_HOSTS[v.INTERCOM_REGION] : SIMULATOR_BASE_URL)
  ).replace(/\/+$/, '');
  const local = !v.INTERCOM_REGION && isLoopback(finApiBaseUrl);
  // A loopback address alone proves nothing (a tunnel listens there too): simulator secrets need demo mode.
  const demoAccounts = v.CONSOLE_DEMO_ACCOUNTS === '1';
  const simulatorDefaults = demoAccounts && local;
  const required = (name: string, why: string) =>
    new EnvError(
      `Invalid configuration: ${name} is required when talking to ${finApiBaseUrl}${why}${
        local && !demoAccounts ? ' (simulator defaults apply only with CONSOLE_DEMO_ACCOUNTS=1)' : ''
      }`,
    );

  const accessToken = v.INTERCOM_ACCESS_TOKEN ?? (simulatorDefaults ? SIM_APP_TOKEN : undefined);
  if (!accessToken) throw required('INTERCOM_ACCESS_TOKEN', ' (the app token for HITL answers and GET /me)');
  const clientSecret = v.INTERCOM_CLIENT_SECRET ?? (simulatorDefaults ? SIM_CLIENT_SECRET : undefined);
  if (!clientSecret) throw required('INTERCOM_CLIENT_SECRET', ' (it verifies webhooks)');
  const encryptionKey = v.CONSOLE_ENCRYPTION_KEY ? decodeKey(v.CONSOLE_ENCRYPTION_KEY) : null;
  if (v.INTERCOM_CLIENT_ID && !encryptionKey && !simulatorDefaults) {
    throw new EnvError(
      'Invalid configuration: CONSOLE_ENCRYPTION_KEY is required when INTERCOM_CLIENT_ID is set (it encrypts the stored OAuth token)',
    );
  }

  return {
    port: v.PORT ?? 3000,
    finApiBaseUrl,
    finApiTarget: v.INTERCOM_REGION
      ? (`intercom-${v.INTERCOM_REGION}` as const)
      : local
        ? ('simulator' as const)
        : ('custom' as const),
    accessToken,
    // With neither token set, the simulator's Fin key; with one set, null: the Fin key follows the app token.
    finAgentApiKey:
      v.FIN_AGENT_API_KEY ?? (simulatorDefaults && !v.INTERCOM_ACCESS_TOKEN ? SIM_FIN_KEY : null),
    apiVersion: v.INTERCOM_API_VERSION ?? DEFAULT_INTERCOM_VERSION,
    clientSecret,
    finEventsWebhookSecret: v.FIN_EVENTS_WEBHOOK_SECRET ?? clientSecret,
    ...storeEnv(v),
    finHttpTimeoutMs: v.FIN_HTTP_TIMEOUT_MS ?? 10_000,
    adminToken: v.CONSOLE_ADMIN_TOKEN ?? null,
    demoAccounts,
    simulatorDefaults,
    encryptionKey,
    oauthClientId: v.INTERCOM_CLIENT_ID ?? (simulatorDefaults ? SIM_CLIENT_ID : null),
    oauthRedirectUrl: v.INTERCOM_OAUTH_REDIRECT_URL ?? null,
    sessionMaxAgeMs: (v.CONSOLE_SESSION_MAX_DAYS ?? 30) * 24 * 60 * 60 * 1000,
    trustProxy: parseTrustProxy(v.TRUST_PROXY),
    consoleOrigin: v.CONSOLE_ORIGIN ? new URL(v.CONSOLE_ORIGIN).origin : null,
    allowedHosts: allowedHosts(v.CONSOLE_ORIGIN, v.CONSOLE_ALLOWED_HOSTS),
    streamsPerPrincipal: v.CONSOLE_STREAMS_PER_PRINCIPAL ?? DEFAULT_STREAMS_PER_PRINCIPAL,
  };
});

export type Env = z.output<typeof envSchema>;
export type FinApiTarget = Env['finApiTarget'];

/** The console's configuration from raw variables; a bad value throws one line naming its variable. */
export const parseEnv = (raw: Record<string, string | undefined>): Env => parseRaw(envSchema, raw);

function parseRaw<S extends z.ZodType>(schema: S, raw: Record<string, string | undefined>): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue?.path[0] ?? 'environment');
  // Never echo a secret into logs; a URL is shown without its password.
  const value = raw[name];
  const got = /TOKEN|SECRET|KEY/.test(name) || value === undefined ? undefined : redact(value);
  throw new EnvError(
    `Invalid configuration: ${name} ${issue?.message ?? 'is invalid'}${got === undefined ? '' : ` (got "${got}")`}`,
  );
}

/** Only the store settings, for tools (`npm run users`) that open the store and call no Fin API. */
export const parseStoreEnv = (raw: Record<string, string | undefined>) =>
  storeEnv(parseRaw(rawEnvSchema.pick({ DATABASE_URL: true, DATA_DIR: true }), raw));

function allowedHosts(origin: string | undefined, list: string | undefined): string[] | null {
  if (!origin && !list) return null;
  const names = (list ?? '').split(',').map((h) => hostName(h.trim()));
  if (origin) names.unshift(new URL(origin).hostname.toLowerCase());
  return [...new Set(names.filter(Boolean))];
}

export function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '');
  return name.toLowerCase().replace(/\.$/, '');
}

const TRUST_PROXY_HELP =
  'must be a number of proxy hops (e.g. 1), or proxy addresses and CIDRs separated by commas (e.g. 10.0.0.0/8, ::1), or "loopback"';

function parseTrustProxy(text: string | undefined): TrustProxy | null {
  if (text === undefined || text === '0' || text.toLowerCase() === 'false') return null;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10)
      throw new EnvError(`Invalid configuration: TRUST_PROXY ${TRUST_PROXY_HELP} (got "${text}")`);
    return hops ? { hops } : null;
  }
  const ranges = text
    .split(',')
    .map((r) => r.trim())
    .filter(Boolean)
    .flatMap((r) => (r.toLowerCase() === 'loopback' ? ['127.0.0.0/8', '::1/128'] : [r]));
  const bad = ranges.find((r) => !isRange(r));
  if (bad !== undefined || !ranges.length) {
    throw new EnvError(`Invalid configuration: TRUST_PROXY ${TRUST_PROXY_HELP} (got "${bad ?? text}")`);
  }
  return { ranges };
}

function isRange(text: string): boolean {
  const [ip = '', prefix, ...rest] = text.split('/');
  const family = isIP(ip);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

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
