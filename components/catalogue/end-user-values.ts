import { recordToRows, rowsToRecord } from '@/components/ui/key-value';
import type { FinUser } from '@/lib/fin';
import type { EndUserFormInput, EndUserFormOutput } from './forms';

export function toFinUser(v: EndUserFormOutput): FinUser {
  const attributes = rowsToRecord(v.attributes);
  return {
    id: v.id,
    ...(v.name ? { name: v.name } : {}),
    ...(v.email ? { email: v.email } : {}),
    ...(attributes ? { attributes } : {}),
  };
}

export function fromFinUser(user: FinUser | null): EndUserFormInput {
  return {
    id: user?.id ?? '',
    name: user?.name ?? '',
    email: user?.email ?? '',
    attributes: recordToRows(user?.attributes),
  };
}
