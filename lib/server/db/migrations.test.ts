import { describe, expect, it } from 'vitest';
import { freshDbPerSuite } from '@/testing/server/harness';
import { getStepRow } from './hitl-steps';
import { migrate } from './migrations';
import { writeAudit } from './records';

describe('011_hitl_delivery', () => {
  const db = freshDbPerSuite();

  it('moves an attempt Fin did not answer from the outcome text and the audit log into columns', async () => {
    const insert = (stepId: string, outcome: string) =>
      db().query(
        `INSERT INTO hitl_steps (step_id, conversation_id, procedure_name, hitl_question, attributes, callback_url, outcome)
         VALUES ($1, 'c', 'p', 'q', '[]'::jsonb, 'http://fin.test/cb', $2)`,
        [stepId, outcome],
      );
    await insert('s-unknown', 'unknown: Fin did not answer in time; it may already have the answer');
    await insert('s-other', 'values rejected: bad');
    await writeAudit(db(), { actor: 'Bob', action: 'hitl.submit', target: 's-unknown', detail: {} });
    await writeAudit(db(), {
      actor: 'Alice',
      actorId: 'u-alice',
      action: 'hitl.submit',
      target: 's-unknown',
      detail: {},
    });
    for (const column of ['delivery_state', 'delivery_error', 'delivery_by', 'delivery_by_id'])
      await db().query(`ALTER TABLE hitl_steps DROP COLUMN ${column}`);
    await db().query(`DELETE FROM schema_migrations WHERE id = '011_hitl_delivery'`);
    await migrate(db());
    expect(await getStepRow(db(), 's-unknown')).toMatchObject({
      delivery_state: 'unknown',
      delivery_by: 'Alice',
      delivery_by_id: 'u-alice',
    });
    expect(await getStepRow(db(), 's-other')).toMatchObject({ delivery_state: null, delivery_by: null });
  });
});
