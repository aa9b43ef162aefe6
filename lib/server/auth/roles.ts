import { ROLES, type Role } from '@/lib/console/auth';
import { ConsoleError } from '../errors';

export { ROLES, type Role };

export type Principal = {
  via: 'session' | 'token' | 'admin-token';
  userId: string | null;
  name: string;
  email: string | null;
  role: Role;
};

export const isRole = (v: unknown): v is Role =>
  typeof v === 'string' && (ROLES as readonly string[]).includes(v);

export function roleAtLeast(have: Role, need: Role): boolean {
  return ROLES.indexOf(have) >= ROLES.indexOf(need);
}

const withArticle = (role: Role) => (role === 'agent' ? `an ${role}` : `a ${role}`);

export const unauthorized = () => new ConsoleError('unauthorized', 'Sign in to continue');

export const forbiddenRole = (need: Role, have: Role) =>
  new ConsoleError('forbidden', `This needs the ${need} role (you are ${withArticle(have)})`);

/** Throws the 403 the contract names unless `me` has at least `need`. */
export function assertRole(me: Principal, need: Role): void {
  if (!roleAtLeast(me.role, need)) throw forbiddenRole(need, me.role);
}

/** Whoever an action is recorded against: a principal, or a bare name (tests, internal callers). */
export type Actor = string | Pick<Principal, 'name' | 'userId'>;

export const auditActor = (actor: Actor) =>
  typeof actor === 'string' ? { actor, actorId: null } : { actor: actor.name, actorId: actor.userId };

export const actorName = (actor: Actor) => (typeof actor === 'string' ? actor : actor.name);
