/** HITL callback trust: where the Fin credential goes, which paths are built, who holds a claim. */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { listenLocal } from '@/testing/util';
import { HITL_TOPIC } from '@/lib/fin';
import { readUpstream } from '@/lib/server/upstream-stream';
import type { Rig } from '../rig';
import { overHttp, type Transport } from '../transport';
import type { Attack, AttackOutcome } from './types';

export async function listen(
  handler: (req: IncomingMessage, res: ServerResponse) => void = (_q, res) =>
    void res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
): Promise<{ url: string; heard: { path: string; bearer: boolean }[]; close(): Promise<void> }> {
  const heard: { path: string; bearer: boolean }[] = [];
  const server: Server = createServer((req, res) => {
    heard.push({ path: req.url ?? '', bearer: /^bearer /i.test(req.headers.authorization ?? '') });
    req.resume();
    handler(req, res);
  });
  const url = await listenLocal(server);
  return {
    url,
    heard,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const ATTRIBUTE = 'workflow_local_variables.approved';

export function signedNotification(
  rig: Pick<Rig, 'clientSecret'>,
  item: { stepId: string; conversationId: string; callbackUrl: string },
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({
    type: 'notification_event',
    topic: HITL_TOPIC,
    id: `notif_${randomUUID()}`,
    app_id: 'app',
    created_at: Math.floor(Date.now() / 1000),
    data: {
      type: 'notification_event_data',
      item: {
        type: 'procedure.hitl_notification',
        conversation_id: item.conversationId,
        step_id: item.stepId,
        procedure_name: 'Refund',
        hitl_question: 'Approve?',
        attributes_to_collect: [
          {
            type: 'data_attribute',
            identifier: ATTRIBUTE,
            name: 'Approved',
            label: 'Approved',
            data_type: 'boolean',
          },
        ],
        callback_url: item.callbackUrl,
        expires_at: null,
      },
    },
  });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-hub-signature': `sha1=${createHmac('sha1', rig.clientSecret).update(body).digest('hex')}`,
    },
  };
}

export function judgeForeignCallback(r: {
  webhook: number;
  submit: number;
  stepStatus: string | null;
  heard: { path: string; bearer: boolean }[];
}): AttackOutcome {
  const bearer = r.heard.filter((h) => h.bearer).length;
  return {
    breach: r.heard.length > 0 || (r.submit >= 200 && r.submit < 300),
    detail: `webhook ${r.webhook}, step ${r.stepStatus ?? 'missing'}, submit ${r.submit}; the foreign listener got ${r.heard.length} request(s), ${bearer} with a bearer`,
  };
}

export function judgePathId(answers: { id: string; status: number; field: string | null }[]): AttackOutcome {
  const refused = answers.filter((a) => a.status === 400 && a.field === 'procedure_id').length;
  return {
    breach: refused < answers.length,
    detail: answers
      .map((a) => `${JSON.stringify(a.id)} → ${a.status}${a.field ? ` (${a.field})` : ''}`)
      .join(', '),
  };
}

/** Answers a step whose callback_url points at a foreign loopback listener: nothing may reach it. */
export async function foreignCallbackOver(rig: Rig, t: Transport): Promise<AttackOutcome> {
  const listener = await listen();
  try {
    const stepId = `attack-callback-${randomBytes(6).toString('hex')}`;
    const conversationId = String(880000000 + Math.floor(Math.random() * 99_999));
    const signed = signedNotification(rig, {
      stepId,
      conversationId,
      callbackUrl: `${listener.url}/procedures/${conversationId}/collect_agent_input`,
    });
    const auth = { authorization: `Bearer ${rig.adminToken}` };
    const webhook = await t.send('POST', '/api/webhooks/intercom', signed.headers, signed.body);
    const step = await t.send('GET', `/api/hitl-steps/${stepId}`, auth);
    let stepStatus: string | null = null;
    try {
      stepStatus =
        step.status === 200 ? String((JSON.parse(step.text) as { status?: unknown }).status) : null;
    } catch {
      stepStatus = null;
    }
    const submit = await t.send(
      'POST',
      `/api/hitl-steps/${stepId}/submit`,
      auth,
      JSON.stringify({ attribute_values: [{ identifier: ATTRIBUTE, value: true }] }),
    );
    return judgeForeignCallback({
      webhook: webhook.status,
      submit: submit.status,
      stepStatus,
      heard: listener.heard,
    });
  } finally {
    await listener.close();
  }
}

const foreignCallback: Attack = {
  item: '1',
  name: 'signed HITL notification with a callback_url on another host',
  needs: 'http',
  run: ({ rig, api, served }) => foreignCallbackOver(rig, overHttp(served!.url, api)),
};

const dotDotProcedure: Attack = {
  item: '17',
  name: 'procedure id ".." or "." to reach other Fin API paths',
  // In process: over HTTP a `%2E%2E` segment may be resolved before routing, which would hide
  // whether the console itself checks the id it builds an upstream URL from.
  async run({ api }) {
    const answers = [];
    for (const id of ['..', '.']) {
      const res = await api.call('run', {
        params: { procedureId: id },
        body: { conversation_id: `attack-dots-${randomUUID()}`, user: { id: 'attack-user' } },
      });
      const errors = (res.json as { errors?: { field?: unknown }[] } | undefined)?.errors;
      const field = errors?.[0]?.field;
      answers.push({ id, status: res.status, field: typeof field === 'string' ? field : null });
    }
    return judgePathId(answers);
  },
};

const sseRedirect: Attack = {
  item: '16',
  name: 'upstream SSE redirected to another origin',
  async run() {
    const elsewhere = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(
        `event: fin_status_updated\ndata: ${JSON.stringify({
          event_name: 'fin_status_updated',
          conversation_id: 'attack-sse',
          status: 'resolved',
          created_at_ms: new Date().toISOString(),
        })}\n\n`,
      );
    });
    const upstream = await listen((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/stream?accessToken=stolen` }).end();
    });
    try {
      let events = 0;
      const end = await readUpstream(`${upstream.url}/event-stream?accessToken=x`, {
        signal: new AbortController().signal,
        connectTimeoutMs: 3000,
        onOpen: async () => {},
        onEvent: async () => void events++,
      });
      return {
        breach: elsewhere.heard.length > 0 || events > 0,
        detail: `the stream ended ${end.kind}; the other origin got ${elsewhere.heard.length} request(s), ${events} event(s) were read from it`,
      };
    } finally {
      await Promise.all([upstream.close(), elsewhere.close()]);
    }
  },
};

const namesakeClaim: Attack = {
  item: '11',
  name: 'a second account with the holder’s display name takes over the claim',
  async run({ rig, api }) {
    const name = `Namesake ${randomBytes(3).toString('hex')}`;
    const password = `attack-${randomBytes(12).toString('hex')}`;
    const cookies = [];
    for (const role of ['agent', 'lead'] as const) {
      const email = `${role}-${randomBytes(4).toString('hex')}@attack.test`;
      const made = await api.call('createUser', { body: { name, email, role, password } });
      if (made.status >= 300)
        return { breach: false, detail: `could not create an account (${made.status})` };
      cookies.push(await api.signIn(email, password));
    }
    const stepId = `attack-claim-${randomBytes(6).toString('hex')}`;
    const conversationId = String(770000000 + Math.floor(Math.random() * 99_999));
    const signed = signedNotification(rig, {
      stepId,
      conversationId,
      callbackUrl: `${rig.env.finApiBaseUrl}/procedures/${conversationId}/collect_agent_input`,
    });
    const hook = await api.call('webhook', { body: signed.body, headers: signed.headers });
    const first = await api.call('claim', { params: { stepId }, headers: cookies[0]! });
    const second = await api.call('claim', { params: { stepId }, headers: cookies[1]! });
    const release = await api.call('release', { params: { stepId }, headers: cookies[1]! });
    return {
      breach: first.status !== 200 || second.status === 200 || release.status === 200,
      detail: `webhook ${hook.status}; claim by the holder ${first.status}, by the namesake ${second.status}, release by the namesake ${release.status}`,
    };
  },
};

export const callbackAttacks: Attack[] = [foreignCallback, dotDotProcedure, sseRedirect, namesakeClaim];
