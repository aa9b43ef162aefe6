import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './webhooks';

const body = '{"event_name":"fin_status_updated","conversation_id":"c1"}';
const sign = (alg: 'sha1' | 'sha256', key: string | Buffer, raw = body) =>
  createHmac(alg, key).update(raw).digest('hex');

describe('verifySignature', () => {
  it('accepts X-Hub-Signature sha1 and X-Fin-Agent-API-Webhook-Signature sha256, prefix optional', () => {
    expect(verifySignature(body, `sha1=${sign('sha1', 'secret')}`, 'secret', 'sha1')).toBe(true);
    expect(verifySignature(body, `sha256=${sign('sha256', 'secret')}`, 'secret', 'sha256')).toBe(true);
    expect(verifySignature(body, sign('sha256', 'secret'), 'secret', 'sha256')).toBe(true);
    expect(
      verifySignature(body, `SHA256=${sign('sha256', 'secret').toUpperCase()}`, 'secret', 'sha256'),
    ).toBe(true);
  });

  it('rejects a missing, wrong, truncated or cross-algorithm signature', () => {
    expect(verifySignature(body, null, 'secret', 'sha1')).toBe(false);
    expect(verifySignature(body, '', 'secret', 'sha1')).toBe(false);
    expect(verifySignature(body, `sha1=${sign('sha1', 'other')}`, 'secret', 'sha1')).toBe(false);
    expect(verifySignature(body, `sha256=${sign('sha256', 'secret').slice(0, 40)}`, 'secret', 'sha256')).toBe(
      false,
    );
    expect(verifySignature(body, `sha1=${sign('sha1', 'secret')}`, 'secret', 'sha256')).toBe(false);
    expect(verifySignature(body, 'sha256=not-hex', 'secret', 'sha256')).toBe(false);
  });

  it('signs the raw body: re-serialised JSON does not verify', () => {
    const sig = `sha256=${sign('sha256', 'secret')}`;
    const reformatted = JSON.stringify(JSON.parse(body), null, 2);
    expect(verifySignature(reformatted, sig, 'secret', 'sha256')).toBe(false);
  });

  it('accepts a hex secret used either as text or as bytes', () => {
    const hexSecret = 'a1b2c3d4e5f60718';
    expect(verifySignature(body, sign('sha256', hexSecret), hexSecret, 'sha256')).toBe(true);
    expect(verifySignature(body, sign('sha256', Buffer.from(hexSecret, 'hex')), hexSecret, 'sha256')).toBe(
      true,
    );
  });
});
