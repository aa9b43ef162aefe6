import { procedureJsonSchema } from '@/lib/procedures/schema';
import { route } from '@/lib/server/http';

/** The definition format as JSON Schema, for editors that check as people type. */
export const GET = route('viewer', async () => procedureJsonSchema());
