import * as z from 'zod/mini';
import { attributeRowsSchema } from '@/components/ui/key-value-schema';

export const whoSeesItSchema = z.object({ attributes: attributeRowsSchema() });
export type WhoSeesItInput = z.input<typeof whoSeesItSchema>;
export type WhoSeesItOutput = z.output<typeof whoSeesItSchema>;
