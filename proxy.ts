import { NextResponse, type NextRequest } from 'next/server';
import { signInPathFor } from '@/components/auth/next-path';
import { SECURE_SESSION_COOKIE, SESSION_COOKIE } from '@/lib/console/session-cookie';

/**
 * Runs before every page request: sends visitors without a session cookie to the sign-in page
 * (the layouts check the session itself; this only saves a render), and sets a per-request
 * nonce Content-Security-Policy that the App Router applies to its own scripts. API routes
 * check credentials themselves and are not matched here.
 */

/** Read by `requirePageRole` for the sign-in page's `?next=`. */
const PATH_HEADER = 'x-console-path';

function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
}

export function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  const signInPage = pathname === '/sign-in' || pathname.startsWith('/sign-in/');
  // A share link's page is public: its token is the credential, checked by the page itself.
  const sharePage = pathname.startsWith('/share/');
  const hasSession =
    request.cookies.get(SESSION_COOKIE)?.value || request.cookies.get(SECURE_SESSION_COOKIE)?.value;
  if (!signInPage && !sharePage && !hasSession) {
    return NextResponse.redirect(new URL(signInPathFor(pathname + search), request.nextUrl));
  }

  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const headers = new Headers(request.headers);
  headers.set('x-nonce', nonce);
  headers.set('content-security-policy', csp);
  headers.set(PATH_HEADER, pathname + search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set('content-security-policy', csp);
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: not the API, Next's assets, or files with an extension (icons, robots.txt).
      source: '/((?!api/|_next/static|_next/image|favicon\\.ico|.*\\.[A-Za-z0-9]+$).*)',
      missing: [
        { type: 'header', key: 'next-router-prefetch' },
        { type: 'header', key: 'purpose', value: 'prefetch' },
      ],
    },
  ],
};
