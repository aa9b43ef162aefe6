import 'server-only';

const SECRET_PARAMS = /([?&](?:accessToken|access_token|token)=)[^&\s"']+/gi;
const BEARER = /(Bearer\s+)[A-Za-z0-9._~+/=-]+/g;
// The password in `scheme://user:password@host`, up to the last `@` so an invalid URL is hidden whole.
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/?#@"']*:)[^\s/?#"']*@/gi;
const PG_URL_PASSWORD = /(\bpostgres(?:ql)?:\/\/[^\s:/?#@"']*:)[^\s"']*@/gi;
// `?password=` in a URL, or `password=` in a libpq key/value string.
const PASSWORD_PARAM = /(\bpassword=)[^&\s"']+/gi;

/** Removes credentials (SSE access tokens, bearer tokens, URL passwords) from text that may be logged or stored. */
export function redact(text: string): string {
  return text
    .replace(SECRET_PARAMS, '$1[redacted]')
    .replace(BEARER, '$1[redacted]')
    .replace(PG_URL_PASSWORD, '$1[redacted]@')
    .replace(URL_PASSWORD, '$1[redacted]@')
    .replace(PASSWORD_PARAM, '$1[redacted]');
}

/** Deeper than this a value is cut: a record needs no more, and the walk must not overflow the stack. */
const MAX_REDACT_DEPTH = 64;

/** Redacts every string inside a JSON-like value, for bodies kept in the inspector. */
export function redactValue<T>(value: T, depth = 0): T {
  if (typeof value === 'string') return redact(value) as T;
  if (value && typeof value === 'object' && depth >= MAX_REDACT_DEPTH) return '[nested too deeply]' as T;
  if (Array.isArray(value)) return (value as unknown[]).map((v) => redactValue(v, depth + 1)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)])) as T;
  }
  return value;
}

type Level = 'info' | 'warn' | 'error';

function write(level: Level, message: string, detail?: unknown) {
  const extra =
    detail === undefined
      ? ''
      : ' ' + redact(detail instanceof Error ? (detail.stack ?? detail.message) : JSON.stringify(detail));
  const line = `[fin-console] ${level} ${redact(message)}${extra}`;
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else if (process.env.FIN_CONSOLE_QUIET !== '1') console.info(line);
}

/** Server log; every line passes through `redact` so a token or stream URL never lands in it. */
export const log = {
  info: (message: string, detail?: unknown) => write('info', message, detail),
  warn: (message: string, detail?: unknown) => write('warn', message, detail),
  error: (message: string, detail?: unknown) => write('error', message, detail),
};
