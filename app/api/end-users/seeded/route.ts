import { route } from '@/lib/server/http';
import { seededEndUsers } from '@/lib/server/seeded-users';

/** End users to pick from in the catalogue: the simulator's seeded ones in demo mode, else `[]`. */
export const GET = route('viewer', (_req, ctx) => seededEndUsers(ctx.env));
