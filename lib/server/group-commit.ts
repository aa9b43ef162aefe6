import 'server-only';

type Entry<I, O> = { item: I; resolve(o: O): void; reject(e: unknown): void };

/**
 * Group commit: items added while batches are written go together in the next, in order; a failed
 * batch is retried item by item. Under load up to `inFlight` batches are written at once, so the
 * store is not left idle while the caller handles one batch's result. An item that may wait (`linger`) gives an
 * idle store up to `lingerMs` to gather company, so quiet periods write fewer, larger batches.
 */
export class GroupCommit<I, O> {
  private queue: Entry<I, O>[] = [];
  private writing = 0;
  private lingering: NodeJS.Timeout | null = null;

  constructor(
    private readonly write: (items: I[]) => Promise<O[]>,
    private readonly opts: { maxBatch?: number; lingerMs?: number; inFlight?: number } = {},
  ) {}

  private get maxBatch() {
    return this.opts.maxBatch ?? 100;
  }

  /** Resolves once the item's batch has been written (and `write` has returned its result). */
  add(item: I, { linger = false }: { linger?: boolean } = {}): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      const lingerMs = this.opts.lingerMs ?? 0;
      if (linger && lingerMs > 0 && this.writing === 0 && this.queue.length < this.maxBatch) {
        this.lingering ??= setTimeout(() => this.pump(), lingerMs);
        return;
      }
      this.pump();
    });
  }

  private pump(): void {
    if (this.lingering) clearTimeout(this.lingering);
    this.lingering = null;
    while (this.queue.length > 0 && (this.writing === 0 || this.spare())) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.writing++;
      void this.commit(batch).finally(() => {
        this.writing--;
        this.pump();
      });
    }
  }

  // A second batch only under load (a quarter batch waiting): light traffic gathers instead.
  private spare(): boolean {
    return this.writing < (this.opts.inFlight ?? 1) && this.queue.length >= this.maxBatch / 4;
  }

  private async commit(batch: Entry<I, O>[]): Promise<void> {
    try {
      const out = await this.write(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(out[i]!));
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const b of batch) {
        try {
          b.resolve((await this.write([b.item]))[0]!);
        } catch (e) {
          b.reject(e);
        }
      }
    }
  }
}
