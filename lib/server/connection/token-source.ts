import 'server-only';
import type { Db } from '../db';
import type { Env } from '../env';
import { log } from '../log';
import { DecryptError, encryptionKey, seal, unseal } from './crypto';
import { deleteStoredToken, readStoredToken, writeStoredToken, type AppInfo } from './store';

export interface OAuthConnection {
  connectedAt: string;
  connectedBy: string;
  app: AppInfo | null;
}

export interface TokenCheck {
  ok: boolean;
  at: string;
  error: string | null;
  app: AppInfo | null;
}

/** The Fin Agent API key on `/fin/*`; the app (OAuth) token on collect_agent_input and `GET /me`. */
export type Credential = 'fin' | 'app';

/** Where a credential comes from, as Settings and error messages name it. */
export type CredentialOrigin = 'FIN_AGENT_API_KEY' | 'INTERCOM_ACCESS_TOKEN' | 'oauth';

/** Which bearer each kind of call sends. The OAuth token is re-read every few seconds so other instances' changes apply. */
export class TokenSource {
  private oauth: { token: string; meta: OAuthConnection } | null = null;
  private trouble: string | null = null;
  private loadedAt = 0;
  private loading: Promise<void> | null = null;
  /** Bumped by every local change, so a read that started before it does not undo it. */
  private generation = 0;
  lastCheck: TokenCheck | null = null;
  lastFinCheck: TokenCheck | null = null;

  constructor(
    private readonly db: Db,
    private readonly env: Env,
    private readonly refreshMs = 5_000,
  ) {}

  token(kind: Credential): string {
    if (kind === 'fin' && this.env.finAgentApiKey !== null) return this.env.finAgentApiKey;
    if (Date.now() - this.loadedAt > this.refreshMs) void this.load();
    return this.oauth?.token ?? this.env.accessToken;
  }

  origin(kind: Credential): CredentialOrigin {
    if (kind === 'fin' && this.env.finAgentApiKey !== null) return 'FIN_AGENT_API_KEY';
    return this.oauth ? 'oauth' : 'INTERCOM_ACCESS_TOKEN';
  }

  /** The credential to check when Intercom refuses a call of that kind, in words. */
  describe(kind: Credential): string {
    const origin = this.origin(kind);
    return origin === 'oauth' ? 'the Intercom OAuth connection (Settings)' : origin;
  }

  get source(): 'environment' | 'oauth' {
    return this.oauth ? 'oauth' : 'environment';
  }

  get connection(): OAuthConnection | null {
    return this.oauth?.meta ?? null;
  }

  /** Why a stored OAuth token is not in use (no key, wrong key); null when nothing is wrong. */
  get problem(): string | null {
    return this.trouble;
  }

  /** Reads the stored token; failures are logged and leave the environment token in use. */
  load(): Promise<void> {
    this.loading ??= this.read()
      .catch((error: unknown) => log.warn('Could not read the stored OAuth token', error))
      .finally(() => {
        this.loading = null;
      });
    return this.loading;
  }

  private async read() {
    const generation = this.generation;
    const stored = await readStoredToken(this.db);
    let next: typeof this.oauth = null;
    let trouble: string | null = null;
    if (stored) {
      const key = await encryptionKey(this.env);
      if (!key) {
        trouble =
          'An OAuth token is stored but CONSOLE_ENCRYPTION_KEY is not set; using INTERCOM_ACCESS_TOKEN.';
      } else {
        try {
          next = {
            token: unseal(key, stored.sealed),
            meta: { connectedAt: stored.connectedAt, connectedBy: stored.connectedBy, app: stored.app },
          };
        } catch (error) {
          if (!(error instanceof DecryptError)) throw error;
          trouble =
            'The stored OAuth token cannot be decrypted with this CONSOLE_ENCRYPTION_KEY; using INTERCOM_ACCESS_TOKEN. Connect again.';
        }
      }
    }
    if (generation !== this.generation) return;
    if (trouble && trouble !== this.trouble) log.warn(trouble);
    if (next?.token !== this.oauth?.token) this.forgetChecks();
    this.oauth = next;
    this.trouble = trouble;
    this.loadedAt = Date.now();
  }

  /** The app token changed: its check no longer holds, nor the Fin key's while that follows it. */
  private forgetChecks() {
    this.lastCheck = null;
    if (this.env.finAgentApiKey === null) this.lastFinCheck = null;
  }

  /** Encrypts and stores `token`; from now on every call carries it. */
  async connect(
    token: string,
    who: { name: string; userId: string | null },
    app: AppInfo | null,
    check: TokenCheck,
  ): Promise<void> {
    const key = await encryptionKey(this.env);
    if (!key) throw new Error('no encryption key');
    const connectedAt = await writeStoredToken(this.db, {
      sealed: seal(key, token),
      connectedBy: who.name,
      connectedById: who.userId,
      app,
    });
    this.generation++;
    this.oauth = { token, meta: { connectedAt, connectedBy: who.name, app } };
    this.trouble = null;
    this.forgetChecks();
    this.lastCheck = check;
    this.loadedAt = Date.now();
  }

  /** Forgets the OAuth token: back to INTERCOM_ACCESS_TOKEN. Whether one was stored. */
  async disconnect(): Promise<boolean> {
    const had = await deleteStoredToken(this.db);
    this.generation++;
    this.oauth = null;
    this.trouble = null;
    this.forgetChecks();
    this.loadedAt = Date.now();
    return had;
  }
}
