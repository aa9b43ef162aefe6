/**
 * Where to go after signing in: `next` when it is a path on this console, else the
 * catalogue. Anything that could leave the origin (`//host`, `/\host`, a scheme, control
 * characters) or loop back to sign-in, or an API route, falls back to `/`.
 */
export function safeNextPath(next: string | string[] | null | undefined): string {
  const raw = Array.isArray(next) ? next[0] : next;
  if (!raw || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.includes('\\')) return '/';
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '/';
  let url: URL;
  try {
    url = new URL(raw, 'http://console.invalid');
  } catch {
    return '/';
  }
  if (url.origin !== 'http://console.invalid') return '/';
  if (url.pathname === '/sign-in' || url.pathname.startsWith('/sign-in/')) return '/';
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
