import { describe, expect, it } from 'vitest';
import { judge } from './drift';

describe('the drift attacks judge', () => {
  it('holds only when every signed delivery was answered 2xx and kept', () => {
    expect(judge([{ what: 'a', status: 200, kept: true }])).toEqual({
      breach: false,
      detail: '1/1 signed deliveries answered 2xx and kept (a: 200, kept)',
    });
    expect(
      judge([
        { what: 'a', status: 200, kept: true },
        { what: 'b', status: 400, kept: false },
      ]).breach,
    ).toBe(true);
    // Answered 200 but dropped is still a breach: Intercom will not send it again.
    expect(judge([{ what: 'a', status: 200, kept: false }]).breach).toBe(true);
    expect(judge([{ what: 'a', status: 500, kept: true }]).breach).toBe(true);
  });
});
