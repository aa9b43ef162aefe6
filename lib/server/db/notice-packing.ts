/** Postgres refuses a NOTIFY payload of 8000 bytes or more. */
export const MAX_NOTIFY_BYTES = 7999;

/** Packs payloads in order into as few NOTIFY payloads (JSON arrays) as fit; one too large goes alone. */
export function packPayloads(payloads: string[], maxBytes = MAX_NOTIFY_BYTES): string[] {
  const packs: string[] = [];
  let parts: string[] = [];
  let bytes = 2;
  for (const payload of payloads) {
    const part = JSON.stringify(payload);
    const size = Buffer.byteLength(part);
    // Each part after the first adds a comma.
    if (parts.length > 0 && bytes + 1 + size > maxBytes) {
      packs.push(`[${parts.join(',')}]`);
      parts = [];
      bytes = 2;
    }
    bytes += size + (parts.length > 0 ? 1 : 0);
    parts.push(part);
  }
  if (parts.length > 0) packs.push(`[${parts.join(',')}]`);
  return packs;
}

/** The payloads one NOTIFY carried: a pack's, or the payload itself when it is not a pack (an older sender). */
export function unpackPayload(payload: string): string[] {
  if (!payload.startsWith('[')) return [payload];
  try {
    const parts: unknown = JSON.parse(payload);
    if (Array.isArray(parts) && parts.every((p) => typeof p === 'string')) return parts;
  } catch {
    // not a pack
  }
  return [payload];
}
