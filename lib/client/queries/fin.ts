import { useMutation, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from '@/lib/client/api';
import type {
  AskRequest,
  ConversationResponse,
  CsatRequest,
  CsatResponse,
  EscalateRequest,
  EscalateResponse,
  ReplyRequest,
  RunProcedureRequest,
  RunProcedureResponse,
} from '@/lib/fin';
import { callKeys } from './calls';
import { conversationKeys } from './conversations';

const post = <T>(path: string, json: unknown) => apiFetch<T>(path, { method: 'POST', json });

export const runProcedure = (procedureId: string, body: RunProcedureRequest) =>
  post<RunProcedureResponse>(`/api/fin/procedures/${encodeURIComponent(procedureId)}/run`, body);
export const askFin = (body: AskRequest) => post<ConversationResponse>('/api/fin/ask', body);
export const replyToFin = (body: ReplyRequest) => post<ConversationResponse>('/api/fin/reply', body);
export const escalate = (body: EscalateRequest) => post<EscalateResponse>('/api/fin/escalate', body);
export const submitCsat = (body: CsatRequest) => post<CsatResponse>('/api/fin/csat', body);

function useAfterFinCall() {
  const qc = useQueryClient();
  return (conversationId: string | undefined) => {
    void qc.invalidateQueries({ queryKey: conversationKeys.lists() });
    void qc.invalidateQueries({ queryKey: callKeys.all });
    if (conversationId)
      void qc.invalidateQueries({ queryKey: conversationKeys.detail(conversationId), exact: true });
  };
}

export function useRunProcedure() {
  const after = useAfterFinCall();
  return useMutation({
    mutationFn: ({ procedureId, body }: { procedureId: string; body: RunProcedureRequest }) =>
      runProcedure(procedureId, body),
    onSuccess: (res) => after(res.conversation_id),
  });
}

export function useAskFin() {
  const after = useAfterFinCall();
  return useMutation({ mutationFn: askFin, onSuccess: (res) => after(res.conversation_id) });
}

export function useReplyToFin() {
  const after = useAfterFinCall();
  return useMutation({ mutationFn: replyToFin, onSuccess: (res) => after(res.conversation_id) });
}

export function useEscalate() {
  const after = useAfterFinCall();
  return useMutation({
    mutationFn: escalate,
    onSuccess: (res, body) => after(res.conversation_id ?? body.conversation_id),
  });
}

export function useSubmitCsat() {
  const after = useAfterFinCall();
  return useMutation({ mutationFn: submitCsat, onSuccess: (res) => after(res.conversation_id) });
}

export function newConversationId(prefix = 'conv') {
  const random = globalThis.crypto?.randomUUID?.().replace(/-/g, '') ?? Math.random().toString(16).slice(2);
  return `${prefix}-${random.slice(0, 12)}`;
}
