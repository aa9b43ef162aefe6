import type { Clock } from './clock';
import type { Engine } from './engine';
import type { FaultState } from './faults';
import type { StreamHub } from './hub';
import type { IdSource } from './ids';
import type { OAuthState } from './oauth';
import type { ProcedureRegistry } from './procedure-registry';
import type { Store } from './state';
import type { Pace, TimerSet } from './timers';
import type { TokenService } from './tokens';
import type { Variants } from './variants';
import type { WebhookSender } from './webhooks';

export const APP_ID = 'sim_app';

/** Everything a route handler needs, built once per simulator. */
export interface SimContext {
  token: string;
  oauth: OAuthState;
  publicUrl: string;
  /** Whether conversation answers carry `intercom_conversation_id` (see SimulatorOptions). */
  intercomIds: boolean;
  clock: Clock;
  ids: IdSource;
  store: Store;
  faults: FaultState;
  tokens: TokenService;
  hub: StreamHub;
  webhooks: WebhookSender;
  timers: TimerSet;
  pace: Pace;
  engine: Engine;
  /** Built-in and saved procedures; saved ones outlive `/_sim/reset`, like the pace. */
  procedures: ProcedureRegistry;
  /** The realism setting; outlives `/_sim/reset`, like the pace. */
  variants: Variants;
  reset(): void;
}
