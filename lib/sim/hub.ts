import type { ServerResponse } from 'node:http';
import type { LoggedEvent } from './state';
import { sseData } from './variants';

export interface Stream {
  conversationId: string;
  jti: string;
  res: ServerResponse;
  sent: number;
  /** drop_stream_after fault: destroy the socket once this many events went out. */
  dropAfter: number | undefined;
  expiresAtMs: number;
  /** The realism setting was on when it opened: some events go out in an Ably-style envelope. */
  envelope: boolean;
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
    const frame = `id: ${rec.seq}\ndata: ${sseData(rec, stream.envelope)}\n\n`;
    stream.sent++;
    if (rec.closes === stream.jti) {
      stream.res.write(frame);
      this.end(stream);
      return 'closed';
    }
    if (stream.dropAfter !== undefined && stream.sent >= stream.dropAfter) {
      // Let the frame reach the client, then cut the connection without ending the response.
      stream.res.write(frame, () => stream.res.destroy());
      this.end(stream, 'after-flush');
      return 'dropped';
    }
    stream.res.write(frame);
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

  /** Ends a stream: normally, abruptly, or leaving an abrupt cut to a pending write callback. */
  end(stream: Stream, how: 'normal' | 'abrupt' | 'after-flush' = 'normal') {
    if (stream.closed) return;
    stream.closed = true;
    this.streams.delete(stream);
    stream.onClose();
    if (how === 'abrupt') stream.res.destroy();
    else if (how === 'normal') stream.res.end();
  }

  /** Ends streams whose token has expired on the (possibly advanced) clock. */
  sweep(nowMs: number) {
    for (const s of [...this.streams]) if (s.expiresAtMs <= nowMs) this.end(s);
  }

  closeAll() {
    for (const s of [...this.streams]) this.end(s, 'abrupt');
  }
}
