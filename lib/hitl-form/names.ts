import type { HitlAttribute } from '@/lib/fin';

/** Data types compare leniently (`Boolean ` is `boolean`). */
export const normalizeDataType = (dataType: string | null | undefined) =>
  (dataType ?? '').trim().toLowerCase();

export const attributeLabel = (a: Pick<HitlAttribute, 'label' | 'name' | 'identifier'>) =>
  a.label.trim() || a.name.trim() || a.identifier;
