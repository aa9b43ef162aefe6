import 'server-only';
import { GroupCommit } from '../group-commit';
import type { Queryable } from '.';

/** A store call made a batch at a time (group commit): calls arriving while a batch runs go together in the next. */
export function perStore<I, O>(write: (db: Queryable, items: I[]) => Promise<O[]>) {
  const commits = new WeakMap<Queryable, GroupCommit<I, O>>();
  return (db: Queryable, item: I): Promise<O> => {
    let commit = commits.get(db);
    if (!commit) commits.set(db, (commit = new GroupCommit<I, O>((items) => write(db, items))));
    return commit.add(item);
  };
}

/** Splits `items` into rounds with no key twice, in order (an update from a set must not meet a row twice). */
export function uniqueRounds<T>(items: T[], key: (item: T) => string): { item: T; i: number }[][] {
  const rounds: { item: T; i: number }[][] = [];
  const used: Set<string>[] = [];
  items.forEach((item, i) => {
    const k = key(item);
    // After the last round that holds this key, so a key's calls stay in their order.
    let r = used.length;
    while (r > 0 && !used[r - 1]!.has(k)) r--;
    if (r === used.length) {
      rounds.push([]);
      used.push(new Set());
    }
    rounds[r]!.push({ item, i });
    used[r]!.add(k);
  });
  return rounds;
}

/** Runs `uniqueRounds` one statement each and gathers the answers aligned with `items`. */
export async function inRounds<T, O>(
  items: T[],
  key: (item: T) => string,
  run: (round: { item: T; i: number }[]) => Promise<Map<number, O>>,
  missing: O,
): Promise<O[]> {
  const out: O[] = items.map(() => missing);
  for (const round of uniqueRounds(items, key)) {
    for (const [i, o] of await run(round)) out[i] = o;
  }
  return out;
}
