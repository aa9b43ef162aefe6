// First-run demo data over the console's own HTTP API (operations token): runs left in progress,
// and three finished stories worth replaying, told by the simulator's seeded end users.
import { setTimeout as sleep } from 'node:timers/promises';

const PROCEDURES = {
  priorityCallback: '41008',
  billingDispute: '41005',
  orderStatus: '41009',
};

const authHeaders = (token) => (token ? { Authorization: `Bearer ${token}` } : {});
const say = (body) => ({ author: 'user', body, timestamp: new Date().toISOString() });

async function call(base, token, method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...authHeaders(token) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 403)
    throw new Error(`${path} → ${res.status}: the operations token was not accepted`);
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Polls `probe` until it answers something truthy; `what` names the wait in the error. */
async function until(probe, what, { timeoutMs, pollMs }) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    const got = await probe();
    if (got?.ok) return got.value;
    last = got?.seen ?? last;
    await sleep(pollMs);
  }
  throw new Error(`${what} within ${timeoutMs / 1000}s${last ? ` (last seen: ${last})` : ''}`);
}

/** The three finished stories, told side by side; each settles once its conversation is over. */
function stories(api, { starter, pro, vip }, stamp, wait) {
  const detail = (id) => api('GET', `/api/conversations/${encodeURIComponent(id)}`);
  const status = (id, wanted, what) =>
    until(
      async () => {
        const { conversation } = await detail(id);
        return { ok: wanted.includes(conversation.status), seen: conversation.status };
      },
      `${what}: ${id} did not reach ${wanted.join(' or ')}`,
      wait,
    );
  const event = (id, matches, what) =>
    until(async () => ({ ok: (await detail(id)).events.some((e) => matches(e.event)) }), what, wait);

  const run = async (procedureId, name, user, text) => {
    const id = `demo-${stamp}-${name}`;
    await api('POST', `/api/fin/procedures/${procedureId}/run`, {
      conversation_id: id,
      user,
      message: say(text),
    });
    return id;
  };

  // A VIP books a callback: a teammate answers the HITL step through the inbox's claim and submit.
  async function hitlDecision() {
    const id = await run(
      PROCEDURES.priorityCallback,
      'callback',
      vip,
      'Could my account manager call me this week about our renewal?',
    );
    const step = await until(
      async () => {
        const pending = await api('GET', '/api/hitl-steps?status=pending');
        // Linked by inference; on a fresh store this run's procedure has no other step.
        const mine =
          pending.find((s) => s.external_conversation_id === id) ??
          pending.find(
            (s) => s.external_conversation_id === null && s.procedure_name === 'Priority callback',
          );
        return { ok: Boolean(mine), value: mine };
      },
      'HITL decision: its step never reached the inbox',
      wait,
    );
    const path = `/api/hitl-steps/${encodeURIComponent(step.step_id)}`;
    await api('POST', `${path}/claim`, {});
    const tomorrow = new Date(Date.now() + 86_400_000);
    tomorrow.setUTCHours(15, 30, 0, 0);
    const answers = {
      'Callback Time': tomorrow.toISOString().replace('.000', ''),
      Topic: 'Account review',
      'Call Notes': 'Your account manager will bring the renewal options.',
    };
    const attribute_values = step.attributes.map((a) => {
      const given = answers[a.name];
      if (given === undefined) throw new Error(`HITL decision: no answer for "${a.name}"`);
      const option = a.options?.find((o) => o.label === given);
      return { identifier: a.identifier, value: option ? option.id : given };
    });
    await api('POST', `${path}/submit`, { attribute_values });
    await status(id, ['resolved', 'complete'], 'HITL decision');
    return id;
  }

  // A Pro customer disputes an invoice: the procedure asks for it, then hands over to billing.
  async function escalated() {
    const id = await run(
      PROCEDURES.billingDispute,
      'dispute',
      pro,
      "I've been charged twice for March and would like that looked at.",
    );
    await status(id, ['awaiting_user_reply'], 'Escalation');
    await api('POST', '/api/fin/reply', {
      conversation_id: id,
      user: pro,
      message: say('It is INV-2024-0318.'),
    });
    // Fin reports `escalated`, then `complete` once the hand-over is done.
    await event(
      id,
      (e) => e.event_name === 'fin_status_updated' && e.status === 'escalated',
      `Escalation: ${id} was never escalated`,
    );
    return id;
  }

  // A Starter customer asks where their order is, and rates the answer.
  async function rated() {
    const id = await run(
      PROCEDURES.orderStatus,
      'order',
      starter,
      'Where is my order? It was meant to arrive today.',
    );
    await event(id, (e) => e.event_name === 'csat_requested', `CSAT: ${id} never asked for a rating`);
    await api('POST', '/api/fin/csat', {
      conversation_id: id,
      rating: 'amazing',
      remark: 'Quick and clear, thank you!',
    });
    return id;
  }

  return [hitlDecision(), escalated(), rated()];
}

/**
 * Seeds a console whose store is empty; a console with conversations is left as it is.
 * `timeoutMs` bounds each wait for Fin (the simulator may run at demo pace); `pollMs` is how often the console is asked.
 */
export async function seedDemo(
  base,
  token = process.env.CONSOLE_ADMIN_TOKEN,
  { timeoutMs = 90_000, pollMs = 400, log = console.log } = {},
) {
  const api = (method, path, body) => call(base, token, method, path, body);
  const existing = await api('GET', '/api/conversations');
  if (Array.isArray(existing) && existing.length > 0) return; // seeded already: keep what is there
  const listed = await api('GET', '/api/end-users/seeded');
  const seeded = Array.isArray(listed) ? listed : [];
  const plan = (name) => seeded.find((u) => u.attributes?.plan_type === name && u.attributes?.vip !== true);
  const users = {
    starter: plan('Starter'),
    pro: plan('Pro'),
    vip: seeded.find((u) => u.attributes?.vip === true),
  };
  if (!users.starter || !users.pro || !users.vip)
    throw new Error('the console lists no seeded Starter, Pro and VIP end users (is it in demo mode?)');
  const { starter, pro } = users;
  const started = Date.now();
  const stamp = started.toString(36);

  const caps = await api('POST', '/api/fin/capabilities', { user: pro });
  const procedures = caps.capabilities.filter((c) => c.type === 'procedure').slice(0, 3);
  for (const [i, p] of procedures.entries()) {
    await api('POST', `/api/fin/procedures/${p.id}/run`, {
      conversation_id: `demo-${stamp}-${i + 1}`,
      user: pro,
      message: { author: 'agent', body: `Starting ${p.name} for ${pro.name}.` },
    });
  }
  await api('POST', '/api/fin/ask', {
    conversation_id: `demo-${stamp}-ask`,
    user: starter,
    message: say('How do I reset my password?'),
  });

  const finished = await Promise.allSettled(stories(api, users, stamp, { timeoutMs, pollMs }));
  const failed = finished.filter((r) => r.status === 'rejected');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(
    `[seed] ${procedures.length} runs left in progress, a question, and ${finished.length - failed.length} of 3 finished stories (HITL decision, escalation, CSAT) in ${seconds}s`,
  );
  if (failed.length > 0) throw new Error(failed.map((r) => String(r.reason?.message ?? r.reason)).join('; '));
}
