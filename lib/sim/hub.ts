import type { ServerResponse } from 'node:http';
import type { LoggedEvent } from './state';

export interface Stream {
  conversationId: string;
  jti: string;
  res: ServerResponse;
  sent: number;
  /** drop_stream_after fault: destroy the socket once this many events went out. */
  dropAfter: number | undefined;
  expiresAtMs: number;
  closed: boolean;
  onClose: () => void;
}

export type WriteOutcome = 'sent' | 'closed' | 'dropped' | 'gone';

/** Open SSE streams, by conversation. */
export class StreamHub {
  private readonly streams = new Set<Stream>();

  add(stream: Stream) {
    this.streams.add(stream);
  }

  /** Writes one event; ends the stream after its cycle's closing event (token revoked). */
  write(stream: Stream, rec: LoggedEvent): WriteOutcome {
    if (stream.closed || stream.res.destroyed) return 'gone';
    stream.res.write(`id: ${rec.seq}\ndata: ${JSON.stringify(rec.event)}\n\n`);
    stream.sent++;
    if (rec.closes === stream.jti) {
      this.end(stream);
      return 'closed';
    }
    if (stream.dropAfter !== undefined && stream.sent >= stream.dropAfter) {
      this.end(stream, true);
      return 'dropped';
    }
    return 'sent';
  }

  /** Delivers to every open stream of the conversation; true if a stream of `closingJti` got it. */
  deliver(conversationId: string, rec: LoggedEvent): boolean {
    let closedOwnStream = false;
    for (const s of [...this.streams]) {
      if (s.conversationId !== conversationId) continue;
      if (this.write(s, rec) === 'closed') closedOwnStream = true;
    }
    return closedOwnStream;
  }

  end(stream: Stream, abrupt = false) {
    if (stream.closed) return;
    stream.closed = true;
    this.streams.delete(stream);
    stream.onClose();
    if (abrupt) stream.res.destroy();
    else stream.res.end();
  }

  /** Ends streams whose token has expired on the (possibly advanced) clock. */
  sweep(nowMs: number) {
    for (const s of [...this.streams]) if (s.expiresAtMs <= nowMs) this.end(s);
  }

  closeAll() {
    for (const s of [...this.streams]) this.end(s, true);
  }
}
