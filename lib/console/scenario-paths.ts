/** The scenarios API's paths (shapes in `scenarios.ts`). */
export const SCENARIO_PATHS = {
  suites: '/api/scenarios/suites',
  suite: (id: string) => `/api/scenarios/suites/${encodeURIComponent(id)}`,
  suiteRuns: (id: string) => `/api/scenarios/suites/${encodeURIComponent(id)}/runs`,
  run: (id: string) => `/api/scenarios/runs/${encodeURIComponent(id)}`,
  saveConversation: (conversationId: string) =>
    `/api/conversations/${encodeURIComponent(conversationId)}/scenario`,
} as const;
