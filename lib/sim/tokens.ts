import { randomBytes } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { LIMITS } from '@/lib/fin';
import type { Clock } from './clock';

export interface StreamClaims {
  jti: string;
  channel: string;
  conversationId: string;
}

/** Signs and checks the short-lived SSE access tokens (HS256, one jti per response cycle). */
export class TokenService {
  private readonly key = randomBytes(32);

  constructor(private readonly clock: Clock) {}

  ttlMs() {
    return LIMITS.sseTokenTtlSeconds * 1000;
  }

  async issue(claims: StreamClaims, expiresAtMs: number): Promise<string> {
    return new SignJWT({ channel: claims.channel, cid: claims.conversationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setJti(claims.jti)
      .setIssuedAt(Math.floor(this.clock.now() / 1000))
      .setExpirationTime(Math.floor(expiresAtMs / 1000))
      .sign(this.key);
  }

  /** The token's claims, or null when it is malformed, forged or expired by the simulated clock. */
  async verify(token: string): Promise<StreamClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: ['HS256'],
        currentDate: new Date(this.clock.now()),
      });
      const { jti, channel, cid } = payload;
      if (typeof jti !== 'string' || typeof channel !== 'string' || typeof cid !== 'string') return null;
      return { jti, channel, conversationId: cid };
    } catch {
      return null;
    }
  }
}
