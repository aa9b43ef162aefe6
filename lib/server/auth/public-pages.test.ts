import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '@/lib/console/session-cookie';
import { proxy } from '@/proxy';

const visit = (path: string, cookie?: string) =>
  proxy(new NextRequest(`http://console.test${path}`, cookie ? { headers: { cookie } } : {}));

/** proxy.ts: which pages a visitor without a session may reach. */
describe('pages without a session', () => {
  it('lets a share link through, with its nonce policy', () => {
    const res = visit('/share/abcDEF123_-abcDEF123_-abcDEF123_-abcDEF1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("'nonce-");
  });

  it('sends everything else to sign in, look-alikes of /share/ included', () => {
    for (const path of ['/', '/settings', '/share', '/shared/x', '/sharex', '/conversations/c/replay'])
      expect(visit(path).status, path).toBe(307);
    expect(visit('/sign-in').status).toBe(200);
    expect(visit('/settings', `${SESSION_COOKIE}=x`).status).toBe(200);
  });
});
