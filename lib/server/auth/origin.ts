import type { Env } from '../env';
import { hostName } from '../env';
import { ConsoleError } from '../errors';
import { demoAccountsEnabled } from './demo';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const crossSite = () => new ConsoleError('forbidden', 'Cross-site request refused');

/** Whether a state-changing request came from another site (Sec-Fetch-Site, or Origin vs Host); safe methods always pass. */
export function isCrossSite(req: Request): boolean {
  if (!UNSAFE.has(req.method.toUpperCase())) return false;
  if (req.headers.get('sec-fetch-site')?.toLowerCase() === 'cross-site') return true;
  const origin = req.headers.get('origin');
  if (!origin) return false;
  if (origin === 'null') return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host.toLowerCase();
  } catch {
    return true;
  }
  const host = (req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? new URL(req.url).host)
    .split(',')[0]!
    .trim()
    .toLowerCase();
  return originHost !== host;
}

export function assertSameSite(req: Request): void {
  if (isCrossSite(req)) throw crossSite();
}

/** Sent on every answer when the console is reached over https: browsers then never try http. */
export const HSTS = 'max-age=31536000';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export const misdirected = () =>
  new ConsoleError('misdirected_request', 'This console does not answer for that host name');

/** Whether this Host header is for this console: with CONSOLE_ORIGIN or CONSOLE_ALLOWED_HOSTS only those names (defeats DNS rebinding). */
export function hostAllowed(
  env: Pick<Env, 'allowedHosts' | 'demoAccounts' | 'finApiTarget'>,
  host: string | null | undefined,
  dev = process.env.NODE_ENV === 'development',
): boolean {
  if (!env.allowedHosts) return true;
  if (!host) return false;
  const name = hostName(host);
  if (env.allowedHosts.includes(name)) return true;
  return LOOPBACK.has(name) && (dev || demoAccountsEnabled(env));
}
