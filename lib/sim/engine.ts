import type { CsatRequestedEvent, FinEvent, HitlNotification, StatusUpdatedEvent } from '@/lib/fin';
import { isoMs, unixSeconds, type Clock } from './clock';
import type { StreamHub } from './hub';
import { streamId, uuid, type IdSource } from './ids';
import { hitlEnvelope, recentMessages, toHitlAttribute } from './hitl';
import { stripHtml } from './html';
import { CLARIFY, findArticle, HUMAN_WORDS, mentions, NO_ANSWER, THANKS_WORDS } from './knowledge';
import { holds } from '@/lib/procedures/audience';
import type { EscalationReason, ProcedureDef, SimValue, Step } from './procedure-types';
import type { Conversation, Cycle, HitlRequest, Part, Store } from './state';
import { fill } from './template';
import type { Pace, TimerSet } from './timers';
import { shapeEvent, shapeHitl, unknownEvent, type Variants } from './variants';
import type { WebhookSender } from './webhooks';

export const FIN_AUTHOR: Part['author'] = { type: 'bot', id: '814866', name: 'Fin', email: null };

export const CSAT_OPTIONS: CsatRequestedEvent['csat']['options'] = [
  { key: 'terrible', emoji: '😠', label: 'Terrible' },
  { key: 'bad', emoji: '🙁', label: 'Bad' },
  { key: 'ok', emoji: '😐', label: 'OK' },
  { key: 'good', emoji: '😃', label: 'Great' },
  { key: 'amazing', emoji: '🤩', label: 'Amazing' },
];

export interface EngineDeps {
  clock: Clock;
  ids: IdSource;
  store: Store;
  hub: StreamHub;
  webhooks: WebhookSender;
  timers: TimerSet;
  pace: Pace;
  appId: string;
  publicUrl: string;
  variants: Variants;
  log: (line: string) => void;
}

class Turn {
  private started = false;

  constructor(
    private readonly engine: Engine,
    private readonly conv: Conversation,
    private readonly cycle: Cycle | null,
  ) {}

  async wait() {
    const { pace, timers } = this.engine.deps;
    if (this.started) return timers.sleep(pace.gapMs());
    this.started = true;
    await timers.sleep(pace.startMs());
    const { variants, clock } = this.engine.deps;
    // A URL without rewind only sees events published after it connects. Real Fin thinks for far
    // longer than a client takes to connect; the simulator is fast, so it waits for the subscriber
    // (not under the realism setting, where a client must cope with events it missed).
    if (this.cycle && !this.cycle.rewind && !variants.enabled)
      await Promise.race([this.cycle.subscribed, timers.sleep(pace.subscribeGraceMs)]);
    if (variants.enabled) this.publish(unknownEvent(this.conv.id, isoMs(clock.now())));
  }

  async say(html: string, stream = false) {
    await this.wait();
    const { clock, ids, pace, timers } = this.engine.deps;
    const sid = stream ? streamId() : undefined;
    if (sid) {
      const words = stripHtml(html).split(/(?<=\s)/);
      const perChunk = Math.max(3, Math.ceil(words.length / 8));
      for (let i = 0, index = 0; i < words.length; i += perChunk, index++) {
        this.publish({
          event_name: 'fin_reply_chunk',
          conversation_id: this.conv.id,
          stream_id: sid,
          chunk_index: index,
          chunk_text: words
            .slice(0, i + perChunk)
            .join('')
            .trim(),
          status: 'replying',
          created_at_ms: isoMs(clock.now()),
        });
        await timers.sleep(pace.chunkMs());
      }
    }
    const now = clock.now();
    const id = ids.messageId();
    this.conv.parts.push({
      id,
      part_type: 'comment',
      body: html,
      created_at: unixSeconds(now),
      author: FIN_AUTHOR,
    });
    this.publish({
      event_name: 'fin_replied',
      conversation_id: this.conv.id,
      user_id: this.conv.userId,
      message: { id, author: 'fin', body: html, timestamp_ms: isoMs(now) },
      status: 'replying',
      ...(sid ? { stream_id: sid } : {}),
      created_at_ms: isoMs(now),
    });
  }

  async status(
    status: StatusUpdatedEvent['status'],
    opts: { reason?: EscalationReason; csatFollows?: boolean } = {},
  ) {
    await this.wait();
    const closes =
      status === 'complete'
        ? !opts.csatFollows
        : status === 'awaiting_user_reply'
          ? (this.cycle?.endsOnAwaiting ?? false)
          : false;
    this.publish(
      {
        event_name: 'fin_status_updated',
        conversation_id: this.conv.id,
        user_id: this.conv.userId,
        status,
        ...(opts.reason ? { reason: opts.reason } : {}),
        created_at_ms: isoMs(this.engine.deps.clock.now()),
      },
      closes,
    );
  }

  async resolve(csat: boolean) {
    await this.status('resolved');
    await this.status('complete', { csatFollows: csat });
    this.conv.phase = 'complete';
    this.conv.resolutionState = 'resolved';
    if (!csat) return;
    await this.wait();
    const now = this.engine.deps.clock.now();
    this.conv.csat = { requestedAtMs: now };
    this.publish(
      {
        event_name: 'csat_requested',
        conversation_id: this.conv.id,
        user_id: this.conv.userId,
        csat: { options: CSAT_OPTIONS },
        created_at_ms: isoMs(now),
      },
      true,
    );
  }

  async escalate(reason: EscalationReason) {
    await this.status('escalated', { reason });
    await this.status('complete');
    this.conv.phase = 'escalated';
    this.conv.resolutionState = 'escalated';
  }

  private publish(event: FinEvent, closes = false) {
    this.engine.publish(this.conv, this.cycle, event, closes);
  }
}

export class Engine {
  constructor(readonly deps: EngineDeps) {}

  publish(conv: Conversation, cycle: Cycle | null, finEvent: FinEvent, closes: boolean) {
    const event = this.deps.variants.enabled ? shapeEvent(finEvent) : finEvent;
    const rec = {
      seq: conv.events.length + 1,
      atMs: this.deps.clock.now(),
      event,
      closes: closes && cycle ? cycle.jti : null,
    };
    conv.events.push(rec);
    if (cycle && closes) cycle.closedSeq = rec.seq;
    const delivered = this.deps.hub.deliver(conv.id, rec);
    // A rewind token stays usable until a stream has carried the closing event (the gap rewind covers).
    if (cycle && closes && (delivered || !cycle.rewind)) cycle.revoked = true;
    if (event.event_name !== 'fin_reply_chunk') this.deps.webhooks.sendFin(conv.id, event, cycle?.faults);
  }

  start(conv: Conversation, cycle: Cycle, text: string) {
    this.enqueue(conv, () => this.converse(new Turn(this, conv, cycle), conv, text, true));
  }

  ask(conv: Conversation, cycle: Cycle, text: string) {
    this.enqueue(conv, () => this.answerOnce(new Turn(this, conv, cycle), conv, text));
  }

  run(conv: Conversation, cycle: Cycle, proc: ProcedureDef) {
    const first = proc.steps[0];
    if (first) this.enqueue(conv, () => this.runSteps(new Turn(this, conv, cycle), conv, proc, first.id));
  }

  reply(conv: Conversation, cycle: Cycle, text: string) {
    this.enqueue(conv, async () => {
      const turn = new Turn(this, conv, cycle);
      const pending = conv.pending;
      if (conv.phase === 'escalated') return turn.status('complete');
      if (pending?.kind === 'user_reply') {
        const proc = conv.procedure;
        if (!proc) return;
        conv.vars[pending.store] = text;
        conv.pending = null;
        conv.phase = 'working';
        const next = nextStep(proc, pending.stepId);
        return next ? this.runSteps(turn, conv, proc, next) : turn.resolve(proc.csat);
      }
      if (pending?.kind === 'hitl') {
        await turn.say(
          "<p>Thanks! I'm still waiting for a teammate to review this and will update you here as soon as I hear back.</p>",
        );
        conv.phase = 'awaiting_agent';
        return turn.status('awaiting_user_reply');
      }
      if (conv.kind === 'ask') return this.answerOnce(turn, conv, text);
      return this.converse(turn, conv, text, false);
    });
  }

  escalate(conv: Conversation, cycle: Cycle) {
    this.cancelHitl(conv);
    this.enqueue(conv, () => new Turn(this, conv, cycle).escalate('Escalation requested by user'));
  }

  submitHitl(conv: Conversation, req: HitlRequest, values: Record<string, SimValue>) {
    req.state = 'fulfilled';
    if (req.timer) this.deps.timers.cancel(req.timer);
    Object.assign(conv.vars, values);
    conv.pending = null;
    conv.phase = 'working';
    const proc = conv.procedure;
    if (!proc) return;
    const next = nextStep(proc, req.procedureStepId);
    this.enqueue(conv, () => {
      const turn = new Turn(this, conv, conv.latestCycle);
      return next ? this.runSteps(turn, conv, proc, next) : turn.resolve(proc.csat);
    });
  }

  /** An unanswered HITL request timed out: the procedure takes its timeout path. */
  expireHitl(conv: Conversation, req: HitlRequest) {
    if (req.state !== 'pending') return;
    req.state = 'expired';
    if (req.timer) this.deps.timers.cancel(req.timer);
    conv.pending = null;
    conv.phase = 'working';
    const proc = conv.procedure;
    const step = proc?.steps.find((s) => s.id === req.procedureStepId);
    const onTimeout = step?.kind === 'hitl' ? step.on_timeout : undefined;
    this.enqueue(conv, () => {
      const turn = new Turn(this, conv, conv.latestCycle);
      return proc && onTimeout
        ? this.runSteps(turn, conv, proc, onTimeout)
        : turn.escalate('Conversation finished without resolution');
    });
  }

  /** Applies the (possibly advanced) clock: expired tokens end their streams, expired HITL requests time out. */
  sweep() {
    const now = this.deps.clock.now();
    this.deps.hub.sweep(now);
    for (const conv of this.deps.store.byIntercomId.values())
      for (const req of conv.hitl.values())
        if (req.state === 'pending' && req.expiresAtMs !== null && req.expiresAtMs <= now)
          this.expireHitl(conv, req);
  }

  private enqueue(conv: Conversation, task: () => Promise<void>) {
    conv.queue = conv.queue
      .then(task)
      .catch((e: unknown) => this.deps.log(`script failed for ${conv.id}: ${String(e)}`));
  }

  private cancelHitl(conv: Conversation) {
    for (const req of conv.hitl.values())
      if (req.state === 'pending') {
        req.state = 'cancelled';
        if (req.timer) this.deps.timers.cancel(req.timer);
      }
    conv.pending = null;
  }

  private async answerOnce(turn: Turn, conv: Conversation, text: string) {
    const article = findArticle(text);
    await turn.say(article?.html ?? NO_ANSWER, Boolean(article));
    await turn.status('complete');
    conv.phase = 'complete';
  }

  private async converse(turn: Turn, conv: Conversation, text: string, first: boolean) {
    const followUps = conv.followUps;
    if (followUps && mentions(text, HUMAN_WORDS)) return turn.escalate('Escalation requested by user');
    if (!first && mentions(text, THANKS_WORDS)) {
      await turn.say('<p>Glad I could help! Have a great day.</p>');
      return turn.resolve(true);
    }
    const article = findArticle(text);
    if (article) {
      await turn.say(article.html, true);
      if (followUps && article.followUp) await turn.say(article.followUp);
    } else {
      await turn.say(followUps ? CLARIFY : NO_ANSWER);
    }
    if (!followUps) {
      await turn.status('complete');
      conv.phase = 'complete';
      return;
    }
    conv.phase = 'awaiting_user';
    await turn.status('awaiting_user_reply');
  }

  private async runSteps(
    turn: Turn,
    conv: Conversation,
    proc: ProcedureDef,
    fromStepId: string,
  ): Promise<void> {
    let step: Step | undefined = proc.steps.find((s) => s.id === fromStepId);
    const vars = conv.vars;
    while (step) {
      switch (step.kind) {
        case 'say':
          await turn.say(fill(step.html, vars, true), step.stream);
          step = stepById(proc, nextStep(proc, step.id));
          break;
        case 'ask_user':
          await turn.say(fill(step.question, vars, true));
          conv.pending = { kind: 'user_reply', stepId: step.id, store: step.store };
          conv.phase = 'awaiting_user';
          await turn.status('awaiting_user_reply');
          return;
        case 'hitl':
          await turn.wait();
          this.openHitl(conv, proc, step);
          return;
        case 'branch': {
          const value = vars[step.on];
          const hit = step.cases.find((c) => holds(c, value));
          step = stepById(proc, hit ? hit.goto : step.otherwise);
          break;
        }
        case 'resolve':
          return turn.resolve(proc.csat);
        case 'escalate':
          return turn.escalate(step.reason);
      }
    }
    await turn.resolve(proc.csat);
  }

  private openHitl(conv: Conversation, proc: ProcedureDef, step: Extract<Step, { kind: 'hitl' }>) {
    const { clock, timers, publicUrl, appId, webhooks } = this.deps;
    const now = clock.now();
    const stepId = uuid();
    const expiresAtMs = step.expires_in_s ? now + step.expires_in_s * 1000 : null;
    const full: HitlNotification = {
      type: 'procedure.hitl_notification',
      app_id: appId,
      conversation_id: conv.intercomId,
      step_id: stepId,
      procedure_name: proc.name,
      hitl_question: fill(step.question, conv.vars, false),
      attributes_to_collect: step.attributes.map(toHitlAttribute),
      callback_url: `${publicUrl}/procedures/${conv.intercomId}/collect_agent_input`,
      expires_at: expiresAtMs === null ? null : unixSeconds(expiresAtMs),
      priority: step.priority,
      assign_to: step.assign_to,
      conversation_url: `${publicUrl}/_sim/conversations/${conv.intercomId}`,
      recent_messages: recentMessages(conv.parts),
    };
    const item = this.deps.variants.enabled ? shapeHitl(full) : full;
    const req: HitlRequest = {
      stepId,
      procedureStepId: step.id,
      createdAtMs: now,
      expiresAtMs,
      state: 'pending',
      item,
      timer: null,
    };
    conv.hitl.set(stepId, req);
    conv.pending = { kind: 'hitl', stepId: step.id, requestId: stepId };
    conv.phase = 'awaiting_agent';
    if (expiresAtMs !== null) req.timer = timers.after(expiresAtMs - now, () => this.expireHitl(conv, req));
    const notificationId = `notif_${uuid()}`;
    const firstSentAt = unixSeconds(now);
    webhooks.sendApp(conv.id, 'procedure.hitl_notification.created', (attempt) =>
      hitlEnvelope(item, notificationId, firstSentAt, attempt),
    );
  }
}

function nextStep(proc: ProcedureDef, stepId: string): string | undefined {
  const index = proc.steps.findIndex((s) => s.id === stepId);
  const step = proc.steps[index];
  if (!step) return undefined;
  if ('next' in step && step.next) return step.next;
  return proc.steps[index + 1]?.id;
}

const stepById = (proc: ProcedureDef, id: string | undefined) =>
  id === undefined ? undefined : proc.steps.find((s) => s.id === id);
