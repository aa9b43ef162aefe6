/** The session cookie's name over plain http (local and demo consoles). */
export const SESSION_COOKIE = 'fin_console_session';
/**
 * Its name over https: browsers accept a `__Host-` cookie only with Secure, Path=/ and no Domain,
 * so neither a sibling subdomain nor a plain-http page can plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = `__Host-${SESSION_COOKIE}`;

export const sessionCookieName = (secure: boolean) => (secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE);
