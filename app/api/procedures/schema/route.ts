import { procedureJsonSchema } from '@/lib/procedures/schema';
import { route } from '@/lib/server/http';

export const GET = route('viewer', async () => procedureJsonSchema());
