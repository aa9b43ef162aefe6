import 'server-only';
import { z } from 'zod';
import { finUserSchema, type FinUser } from '@/lib/fin';
import type { Env } from './env';
import { simControl, simControlAvailable } from './sim-control';

const seededSchema = z.object({ users: z.array(finUserSchema).max(20) });

/** The simulator's seeded end users in demo mode; none otherwise (real Intercom has no such list). */
export async function seededEndUsers(env: Env): Promise<FinUser[]> {
  if (!simControlAvailable(env)) return [];
  return (await simControl(env, 'GET', 'users/seeded', seededSchema)).users;
}
