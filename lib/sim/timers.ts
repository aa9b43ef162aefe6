/** Every timer the simulator starts, so reset and close can cancel all pending work at once. */
export class TimerSet {
  private readonly handles = new Set<NodeJS.Timeout>();

  after(ms: number, fn: () => void): NodeJS.Timeout {
    const handle = setTimeout(
      () => {
        this.handles.delete(handle);
        fn();
      },
      Math.max(0, ms),
    );
    handle.unref();
    this.handles.add(handle);
    return handle;
  }

  /** Resolves after `ms`; never settles if the set is cleared first (the script is abandoned). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  cancel(handle: NodeJS.Timeout) {
    clearTimeout(handle);
    this.handles.delete(handle);
  }

  clear() {
    for (const h of this.handles) clearTimeout(h);
    this.handles.clear();
  }
}

export type PaceName = 'instant' | 'demo';

/** How long the simulated Fin takes: near-zero for tests, human-like for demos. */
export interface Pace {
  name: PaceName;
  /** Between the HTTP answer and the first event. */
  startMs(): number;
  /** Between two steps or events. */
  gapMs(): number;
  /** Between two streamed chunks. */
  chunkMs(): number;
  /** How long a cycle without rewind waits for its subscriber before Fin starts anyway. */
  subscribeGraceMs: number;
  /** How long reordered webhooks are held before being sent backwards. */
  reorderWindowMs(): number;
  webhookRetryMs: number;
}

export function createPace(name: PaceName, webhookRetryMs?: number): Pace {
  if (name === 'instant')
    return {
      name,
      startMs: () => 20,
      gapMs: () => 2,
      chunkMs: () => 2,
      subscribeGraceMs: 250,
      reorderWindowMs: () => 40,
      webhookRetryMs: webhookRetryMs ?? 1000,
    };
  return {
    name,
    startMs: () => 500,
    gapMs: () => 600 + Math.floor(Math.random() * 900),
    chunkMs: () => 80,
    subscribeGraceMs: 2000,
    reorderWindowMs: () => 1500,
    webhookRetryMs: webhookRetryMs ?? 60_000,
  };
}
