// The simulator's procedure types come from the shared definition schema, never written twice.
export type {
  EscalationReason,
  HitlAttributeDef,
  ProcedureDef,
  SimValue,
  Step,
} from '@/lib/procedures/schema';
