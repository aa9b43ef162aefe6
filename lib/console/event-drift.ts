import { contractIssues, finEventSchema } from '@/lib/fin';
import type { DriftCheck } from './timeline-model';

/** Events are immutable once stored, so each is checked against the contract once, not on every rebuild. */
const checked = new WeakMap<object, ReturnType<DriftCheck>>();

export const driftOf: DriftCheck = (e) => {
  if (e.event_name.startsWith('console_')) return undefined;
  if (checked.has(e)) return checked.get(e);
  const issues = contractIssues(finEventSchema, e.event_name === 'fin_other_event' ? e.data : e);
  const found = issues.length > 0 ? issues : undefined;
  checked.set(e, found);
  return found;
};
