import 'server-only';

export { ADMIN_PRINCIPAL, authenticate, type Authenticated } from './authenticate';
export { DEMO_ACCOUNTS, demoAccountsEnabled, seedDemoAccounts } from './demo';
export { assertSameSite, isCrossSite } from './origin';
export { hashPassword, verifyPassword } from './passwords';
export { clientIp, limiter, RateLimiter } from './rate-limit';
export {
  actorName,
  auditActor,
  assertRole,
  forbiddenRole,
  isRole,
  roleAtLeast,
  ROLES,
  unauthorized,
  type Actor,
  type Principal,
  type Role,
} from './roles';
export { SESSION_COOKIE, SESSION_TTL_MS } from './sessions';
export { TOKEN_PREFIX, type TokenView } from './tokens';
export type { UserView } from './users';
