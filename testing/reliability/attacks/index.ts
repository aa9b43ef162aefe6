import { authnAttacks } from './authn';
import { callbackAttacks } from './callback';
import { credAttacks } from './cred';
import { demoAttacks } from './demo';
import { driftAttacks } from './drift';
import { limitsAttacks } from './limits';
import { streamsAttacks } from './streams';
import type { Attack, AttackResult, AttackTarget } from './types';

/** Every attack the review found, each as a request sequence; one file per area adds its own. */
export const ATTACKS: readonly Attack[] = [
  ...authnAttacks,
  ...callbackAttacks,
  ...credAttacks,
  ...demoAttacks,
  ...driftAttacks,
  ...limitsAttacks,
  ...streamsAttacks,
];

/** Runs every attack in turn; one that throws counts as a breach (it proved nothing held). */
export async function runAttacks(
  t: AttackTarget,
  log: (line: string) => void = () => {},
): Promise<AttackResult[]> {
  const results: AttackResult[] = [];
  for (const a of ATTACKS) {
    if (a.needs === 'http' && !t.served) {
      results.push({ item: a.item, name: a.name, breach: false, detail: '', skipped: 'no served console' });
      continue;
    }
    let r: AttackResult;
    try {
      r = { item: a.item, name: a.name, skipped: null, ...(await a.run(t)) };
    } catch (error) {
      r = {
        item: a.item,
        name: a.name,
        skipped: null,
        breach: true,
        detail: `threw: ${String(error).slice(0, 200)}`,
      };
    }
    log(`  attack ${a.item} ${a.name}: ${r.breach ? 'BREACH' : 'held'} — ${r.detail}`);
    results.push(r);
  }
  return results;
}

export const breaches = (rs: readonly AttackResult[]) => rs.filter((r) => r.breach).length;
export const attacked = (rs: readonly AttackResult[]) => rs.filter((r) => r.skipped === null).length;
