import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const sha256Hex = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/** 32 random bytes, base64url: the secret part of cookies and API tokens. */
export const randomSecret = (bytes = 32) => randomBytes(bytes).toString('base64url');

export const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url')}`;

/** Compares two strings in time independent of where they differ (hashes first, so lengths leak nothing). */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash('sha256').update(a, 'utf8').digest();
  const y = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(x, y) && a.length === b.length;
}
