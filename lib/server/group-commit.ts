import 'server-only';

/**
 * Group commit: items added while a batch is written go together in the next, in order; a failed
 * batch is retried item by item. An item that may wait (`linger`) gives a store with nothing in
 * flight up to `lingerMs` to gather company, so quiet periods write fewer, larger batches.
 */
export class GroupCommit<I, O> {
  private queue: { item: I; resolve(o: O): void; reject(e: unknown): void }[] = [];
  private running = false;
  private lingering: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 100,
    private readonly lingerMs = 0,
  ) {}

  /** Resolves once the item's batch has been written (and `write` has returned its result). */
  add(item: I, { linger = false }: { linger?: boolean } = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.running) return;
      if (linger && this.lingerMs > 0 && this.queue.length < this.maxBatch) {
        this.lingering ??= setTimeout(() => void this.drain(), this.lingerMs);
        return;
      }
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.lingering) clearTimeout(this.lingering);
    this.lingering = null;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const out = await this.write(batch.map((b) => b.item));
          batch.forEach((b, i) => b.resolve(out[i]!));
        } catch (error) {
          if (batch.length === 1) {
            batch[0]!.reject(error);
            continue;
          }
          for (const b of batch) {
            try {
              b.resolve((await this.write([b.item]))[0]!);
            } catch (e) {
              b.reject(e);
            }
          }
        }
      }
    } finally {
      this.running = false;
    }
  }
}
