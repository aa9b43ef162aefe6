/** Without CONSOLE_DEMO_ACCOUNTS=1, a store an earlier demo used must not let the demo passwords, or what they made, in. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNTS } from '../auth/demo';
import { createSession, sessionPrincipal } from '../auth/sessions';
import { createToken, tokenPrincipal } from '../auth/tokens';
import { checkCredentials } from '../auth/users';
import { closeConsoleContext, createConsoleContext } from '../context';
import { parseEnv } from '../env';
import { freshStore, type StoreHandle } from '@/testing/server/harness';

let store: StoreHandle;
beforeAll(async () => {
  process.env.FIN_CONSOLE_QUIET = '1';
  store = await freshStore();
});
afterAll(() => store?.drop());

const lead = DEMO_ACCOUNTS.find((a) => a.role === 'lead')!;

async function withConsole<T>(
  demo: '0' | '1',
  fn: (ctx: Awaited<ReturnType<typeof createConsoleContext>>) => Promise<T>,
) {
  const env = parseEnv({
    FIN_API_BASE_URL: 'http://127.0.0.1:9',
    INTERCOM_ACCESS_TOKEN: 'demo-mode-token',
    INTERCOM_CLIENT_SECRET: 'demo-mode-secret',
    DATA_DIR: store.dataDir,
    DATABASE_URL: store.databaseUrl ?? undefined,
    CONSOLE_DEMO_ACCOUNTS: demo,
  });
  const ctx = await createConsoleContext({ env, instanceId: `demo-mode-${process.pid}` });
  try {
    return await fn(ctx);
  } finally {
    await closeConsoleContext(ctx);
  }
}

describe('demo accounts outside demo mode', () => {
  it('are disabled at open with their sessions and tokens, and come back only in demo mode', async () => {
    const made = await withConsole('1', async ({ db }) => {
      const user = await checkCredentials(db, lead.email, lead.password);
      expect(user?.role).toBe('lead');
      const session = await createSession(db, user!.id);
      const { secret } = await createToken(db, { userId: user!.id, name: 'left by the demo' });
      expect(await tokenPrincipal(db, secret)).toMatchObject({ userId: user!.id });
      return { session: session.secret, token: secret };
    });

    await withConsole('0', async ({ db }) => {
      for (const a of DEMO_ACCOUNTS) expect(await checkCredentials(db, a.email, a.password)).toBeNull();
      const rows = await db.query<{ email: string; disabled: boolean }>(
        "SELECT email, disabled FROM users WHERE email LIKE '%@demo.test' ORDER BY email",
      );
      expect(rows).toEqual(
        DEMO_ACCOUNTS.map((a) => ({ email: a.email, disabled: true })).sort((x, y) =>
          x.email.localeCompare(y.email),
        ),
      );
      expect(
        await db.query(
          "SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email LIKE '%@demo.test'",
        ),
      ).toEqual([]);
      expect(
        await db.query(
          "SELECT 1 FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email LIKE '%@demo.test' AND t.revoked_at IS NULL",
        ),
      ).toEqual([]);
      expect(await sessionPrincipal(db, made.session)).toBeNull();
      expect(await tokenPrincipal(db, made.token)).toBeNull();
    });

    await withConsole('1', async ({ db }) => {
      expect((await checkCredentials(db, lead.email, lead.password))?.role).toBe('lead');
      expect(await tokenPrincipal(db, made.token)).toBeNull();
      expect(await sessionPrincipal(db, made.session)).toBeNull();
    });
  });
});
