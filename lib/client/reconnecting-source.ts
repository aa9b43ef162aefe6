export type StreamConnection = 'connecting' | 'live' | 'reconnecting';

export function parseJson(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

type SourceOptions = {
  url: () => string;
  onState: (state: StreamConnection) => void;
  onOpen: (earlierOpens: number) => void;
  listen: (es: EventSource) => void;
};

/** An EventSource that reopens with backoff once the browser has given up; returns the stop. */
export function openReconnectingSource({ url, onState, onOpen, listen }: SourceOptions): () => void {
  let source: EventSource | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let opened = 0;
  let failures = 0;

  const connect = () => {
    const es = new EventSource(url());
    source = es;
    es.onopen = () => {
      failures = 0;
      onState('live');
      onOpen(opened++);
    };
    listen(es);
    es.onerror = () => {
      if (stopped) return;
      onState('reconnecting');
      if (es.readyState === EventSource.CLOSED) {
        es.close();
        const delay = Math.min(1_000 * 2 ** failures++, 15_000);
        retryTimer = setTimeout(() => !stopped && connect(), delay);
      }
    };
  };

  connect();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    source?.close();
  };
}
