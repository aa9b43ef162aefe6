import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** scrypt cost: N = 2^15, r = 8, p = 1 uses 32 MiB per hash (128·N·r), so maxmem is raised above it. */
export const SCRYPT = { logN: 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const SALT_BYTES = 16;
const maxmem = (logN: number, r: number) => 256 * 2 ** logN * r;

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCb(password.normalize('NFKC'), salt, keylen, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** A salted scrypt hash carrying its parameters, so they can be raised later: `scrypt$<logN>$<r>$<p>$<salt>$<hash>`. */
export async function hashPassword(password: string, cost: { logN: number; r: number; p: number } = SCRYPT) {
  const salt = randomBytes(SALT_BYTES);
  const key = await scrypt(password, salt, KEY_LENGTH, {
    N: 2 ** cost.logN,
    r: cost.r,
    p: cost.p,
    maxmem: maxmem(cost.logN, cost.r),
  });
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')].join(
    '$',
  );
}

/** Checks a password against a stored hash in constant time; a malformed hash never matches. */
export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![logN, r, p].every(Number.isInteger) || logN < 1 || logN > 20 || r < 1 || r > 32 || p < 1 || p > 16)
    return false;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length < 16) return false;
  const key = await scrypt(password, salt, expected.length, { N: 2 ** logN, r, p, maxmem: maxmem(logN, r) });
  return timingSafeEqual(key, expected);
}

/** A hash no password matches, verified when an email is unknown so the answer takes as long. */
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword(randomBytes(16).toString('hex')));

/** A readable random password for accounts made without one (about 120 bits). */
export const generatePassword = () => randomBytes(15).toString('base64url');
