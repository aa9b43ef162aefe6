// eslint-disable-next-line no-restricted-imports -- types only; replaced by the shared schema module
export type { ProcedureDef, Step, Condition, HitlAttributeDef } from '@/lib/sim/procedure-types';
