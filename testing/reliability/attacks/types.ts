import type { Api } from '../api';
import type { Rig } from '../rig';
import type { BuiltConsole } from '../server';

/** What an attack runs against: the rig (simulator, store, secrets), its in-process API, and the served console. */
export interface AttackTarget {
  rig: Rig;
  api: Api;
  /** The production console over real HTTP; null when no build was found (such attacks are skipped). */
  served: BuiltConsole | null;
}

export interface AttackOutcome {
  /** True when the attack got what it wanted: a credential sent away, a limit not held, … */
  breach: boolean;
  /** One line: what was tried and what came back (figures where there are some). */
  detail: string;
}

export interface Attack {
  /** The review item it replays, e.g. "H1" or "M5". */
  item: string;
  name: string;
  needs?: 'http';
  run(t: AttackTarget): Promise<AttackOutcome>;
}

export interface AttackResult extends AttackOutcome {
  item: string;
  name: string;
  /** Why it did not run, if it did not (a skipped attack is neither a pass nor a breach). */
  skipped: string | null;
}
