import { MESSAGES } from '@/lib/fin/limits';

export type RunErrorAction = 'new-id' | 'open-existing' | null;

/** What the lead can do about a failed run, by the Fin API's documented messages. */
export function runErrorAdvice(message: string): { advice: string; action: RunErrorAction } {
  if (message.includes(MESSAGES.sessionExists) || /session already exists/i.test(message))
    return {
      advice:
        'This conversation id already has a Fin session. Open that conversation to continue it, or use a new conversation id to start afresh.',
      action: 'open-existing',
    };
  if (message.includes(MESSAGES.procedureNotLive))
    return {
      advice:
        'The procedure is still a draft. Set it live in Intercom (Fin AI Agent → Procedures), then run it again — or pick another procedure.',
      action: null,
    };
  if (message.includes(MESSAGES.procedureNoApiTrigger))
    return {
      advice: 'Add an API trigger to the procedure in Intercom before running it from here.',
      action: null,
    };
  if (message.includes(MESSAGES.procedureNotFound))
    return {
      advice: 'Check the procedure id: the catalogue lists the procedures this user can run.',
      action: null,
    };
  if (message.includes(MESSAGES.noFinProfile))
    return { advice: 'Configure a Fin profile for this audience in Intercom, then try again.', action: null };
  return { advice: 'Check the details and try again.', action: null };
}
