import { z } from 'zod';

export const faultsSchema = z
  .object({
    /** End SSE streams abruptly after this many events. */
    drop_stream_after: z.number().int().min(0).optional(),
    /** Hold every HTTP answer this long. */
    delay_ms: z.number().int().min(0).max(120_000).optional(),
    /** Answer `count` requests (optionally only those whose path starts with `path`) with `status`. */
    fail: z
      .object({
        status: z.number().int().min(400).max(599),
        count: z.number().int().min(1).default(1),
        path: z.string().startsWith('/').optional(),
      })
      .optional(),
    duplicate_webhooks: z.boolean().optional(),
    reorder_webhooks: z.boolean().optional(),
    hitl_forbidden: z.boolean().optional(),
    no_fin_profile: z.boolean().optional(),
  })
  .strict();
export type Faults = z.infer<typeof faultsSchema>;
/** What callers send: `fail.count` may be omitted. */
export type FaultsInput = z.input<typeof faultsSchema>;

export const FAULT_HEADER = 'x-sim-fault';

const FAIL_CODES: Record<number, string> = {
  429: 'rate_limit_exceeded',
  500: 'server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};
export const failCode = (status: number) =>
  FAIL_CODES[status] ?? (status >= 500 ? 'server_error' : 'client_error');

/** The global fault set (control plane) plus the one-shot `fail` countdown. */
export class FaultState {
  private current: Faults = {};

  get(): Faults {
    return this.current;
  }

  set(faults: Faults) {
    this.current = { ...this.current, ...faults };
  }

  clear() {
    this.current = {};
  }

  /** Decrements and reports a matching `fail` fault from the request's or the global set. */
  takeFailure(path: string, requestFaults: Faults): { status: number } | null {
    const local = requestFaults.fail;
    if (local && (!local.path || path.startsWith(local.path))) return { status: local.status };
    const fail = this.current.fail;
    if (!fail || (fail.path && !path.startsWith(fail.path))) return null;
    if (fail.count <= 1) {
      const { fail: _done, ...rest } = this.current;
      this.current = rest;
    } else {
      this.current = { ...this.current, fail: { ...fail, count: fail.count - 1 } };
    }
    return { status: fail.status };
  }
}

/** Parses an `X-Sim-Fault` header; a malformed one is reported rather than ignored. */
export function parseFaultHeader(
  value: string | string[] | undefined,
): { faults: Faults } | { error: string } {
  if (value === undefined) return { faults: {} };
  const raw = Array.isArray(value) ? value.join(',') : value;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { error: 'X-Sim-Fault header is not valid JSON' };
  }
  const parsed = faultsSchema.safeParse(json);
  if (!parsed.success)
    return {
      error: `X-Sim-Fault header is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    };
  return { faults: parsed.data };
}
