import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConsoleError, FinApiError, toErrorResponse, UpstreamError } from './errors';

afterEach(() => vi.restoreAllMocks());

describe('toErrorResponse', () => {
  it('turns a zod failure into a 400 error.list with one entry per field', async () => {
    const schema = z.object({
      user: z.object({ id: z.string({ error: 'User ID is required' }) }),
      n: z.number(),
    });
    const res = toErrorResponse(schema.safeParse({ user: {} }).error);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      type: 'error.list',
      request_id: null,
      errors: [
        { code: 'parameter_invalid', message: 'User ID is required', field: 'user.id' },
        { code: 'parameter_invalid', message: expect.any(String), field: 'n' },
      ],
    });
  });

  it('passes a Fin 4xx through unchanged, body and status (CSAT 422 included)', async () => {
    const finBody = {
      type: 'error.list',
      request_id: 'r1',
      errors: [{ code: 'parameter_invalid', message: 'Procedure not found' }],
    };
    const res = toErrorResponse(new FinApiError(400, finBody));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual(finBody);
    const csat = toErrorResponse(new FinApiError(422, { errors: { rating: "Rating isn't an option" } }));
    expect([csat.status, await csat.json()]).toEqual([422, { errors: { rating: "Rating isn't an option" } }]);
  });

  it('maps upstream 5xx and network failures to 502', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const e of [
      new FinApiError(503, { type: 'error.list', errors: [{ code: 'x', message: 'internal detail' }] }),
      new UpstreamError('The Fin API could not be reached (connection failed).'),
    ]) {
      const res = toErrorResponse(e);
      expect(res.status).toBe(502);
      const body = (await res.json()) as { type: string; errors: { code: string; message: string }[] };
      expect(body.type).toBe('error.list');
      expect(body.errors[0]?.code).toBe('upstream_unavailable');
      expect(JSON.stringify(body)).not.toContain('internal detail');
    }
  });

  it('keeps a console error code, status and field entries', async () => {
    const res = toErrorResponse(new ConsoleError('hitl_expired', 'This step expired'));
    expect([res.status, await res.json()]).toEqual([
      410,
      {
        type: 'error.list',
        request_id: null,
        errors: [{ code: 'hitl_expired', message: 'This step expired' }],
      },
    ]);
    expect(
      (['hitl_unauthorized', 'hitl_forbidden', 'oauth_used_state'] as const).map(
        (c) => new ConsoleError(c, '').status,
      ),
    ).toEqual([401, 403, 409]);
    const many = toErrorResponse(
      new ConsoleError('parameter_invalid', 'a', [
        { code: 'parameter_invalid', message: 'a', field: 'x' },
        { code: 'parameter_invalid', message: 'b', field: 'y' },
      ]),
    );
    expect(((await many.json()) as { errors: unknown[] }).errors).toHaveLength(2);
  });

  it('hides unknown errors behind a generic 500 and logs them without secrets', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const res = toErrorResponse(
      new Error('db password=hunter2 at https://x/event-stream?accessToken=eyJabc.def&rewind=2m'),
    );
    expect(res.status).toBe(500);
    const text = JSON.stringify(await res.json());
    expect(text).toContain('Something went wrong');
    expect(text).not.toContain('hunter2');
    const line = logged.mock.calls.flat().join(' ');
    expect(line).toContain('accessToken=[redacted]');
    expect(line).not.toContain('eyJabc');
  });
});
