/** A wall clock that tests can move forward: JWT expiry, HITL expiry and rewind windows read it. */
export interface Clock {
  now(): number;
  advance(ms: number): number;
  reset(): void;
}

export function createClock(): Clock {
  let offset = 0;
  return {
    now: () => Date.now() + offset,
    advance(ms) {
      offset += ms;
      return Date.now() + offset;
    },
    reset() {
      offset = 0;
    },
  };
}

export const isoMs = (ms: number) => new Date(ms).toISOString();
export const unixSeconds = (ms: number) => Math.floor(ms / 1000);
