import { ConsoleError } from '../errors';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export const crossSite = () => new ConsoleError('forbidden', 403, 'Cross-site request refused');

/**
 * Whether a state-changing request came from another site: `Sec-Fetch-Site: cross-site`, or an
 * Origin whose host differs from the Host the request was sent to. Safe methods always pass.
 */
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
