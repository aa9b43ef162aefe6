const BASE = 'http://console.invalid';

/** `raw` resolved against the console's origin, or null when the result is not one of its paths. */
function ownPath(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // Dot segments can resolve to `//host/…`, which a browser reads as another origin: the path
  // must resolve to itself on this origin.
  try {
    const again = new URL(path, BASE);
    return again.origin === BASE && again.pathname === url.pathname ? path : null;
  } catch {
    return null;
  }
}

/** Where to go after signing in: `next` when it is a page of this console (not sign-in, not the API), else `/`. */
export function safeNextPath(next: string | string[] | null | undefined): string {
  const raw = Array.isArray(next) ? next[0] : next;
  if (!raw || raw.length > 2000) return '/';
  if (!raw.startsWith('/') || raw.includes('\\')) return '/';
  if (/[\u0000-\u001f\u007f]/.test(raw)) return '/';
  const path = ownPath(raw);
  if (!path || path.startsWith('//')) return '/';
  const pathname = path.replace(/[?#].*$/, '');
  if (pathname === '/sign-in' || pathname.startsWith('/sign-in/')) return '/';
  if (pathname === '/api' || pathname.startsWith('/api/')) return '/';
  return path;
}

/** The sign-in page, coming back to `path` afterwards when it is somewhere worth returning to. */
export function signInPathFor(path: string | null | undefined): string {
  const next = safeNextPath(path);
  return next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`;
}
