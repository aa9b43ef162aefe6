/** The scenarios API's paths and answer shapes, shared by the routes, the CLI and the browser. */
import { z } from 'zod';
import { SCENARIO_LIMITS } from '@/lib/scenarios/schema';

export const SCENARIO_PATHS = {
  suites: '/api/scenarios/suites',
  suite: (id: string) => `/api/scenarios/suites/${encodeURIComponent(id)}`,
  suiteRuns: (id: string) => `/api/scenarios/suites/${encodeURIComponent(id)}/runs`,
  run: (id: string) => `/api/scenarios/runs/${encodeURIComponent(id)}`,
  saveConversation: (conversationId: string) =>
    `/api/conversations/${encodeURIComponent(conversationId)}/scenario`,
} as const;

export const runStatusSchema = z.enum(['running', 'passed', 'failed', 'error']);
export type RunStatus = z.infer<typeof runStatusSchema>;

/** `pending`: not started yet; `error`: the run could not be made (Fin refused, a timeout, a bad answer). */
export const scenarioStatusSchema = z.enum(['pending', 'running', 'passed', 'failed', 'error']);

export const milestoneResultSchema = z.object({
  expected: z.string(),
  passed: z.boolean(),
  reason: z.string().nullable(),
  /** Index in `actual` of the milestone that satisfied it (ordered ones), null otherwise. */
  actual_index: z.number().int().nullable(),
});
export type MilestoneResult = z.infer<typeof milestoneResultSchema>;

export const scenarioResultSchema = z.object({
  name: z.string(),
  status: scenarioStatusSchema,
  /** The run's conversation, for the link to its timeline. */
  conversation_id: z.string().nullable(),
  duration_ms: z.number().nullable(),
  milestones: z.array(milestoneResultSchema),
  failed_at: z.number().int().nullable(),
  reason: z.string().nullable(),
  expected: z.array(z.string()),
  actual: z.array(z.string()),
});
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;

export const runCountsSchema = z.object({
  total: z.number().int(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
});

export const scenarioRunSummarySchema = z.object({
  id: z.string(),
  suite_id: z.string(),
  started_by: z.string(),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  status: runStatusSchema,
  counts: runCountsSchema,
});
export type ScenarioRunSummary = z.infer<typeof scenarioRunSummarySchema>;

/** `GET /api/scenarios/runs/:id`: the run so far (results of scenarios not started yet are `pending`). */
export const scenarioRunSchema = scenarioRunSummarySchema.extend({
  suite_name: z.string(),
  results: z.array(scenarioResultSchema),
});
export type ScenarioRun = z.infer<typeof scenarioRunSchema>;

/** How many end users and conversations one run of the suite creates on the Fin API. */
export const runEstimateSchema = z.object({
  users: z.number().int(),
  conversations: z.number().int(),
});
export type RunEstimate = z.infer<typeof runEstimateSchema>;

export const scenarioSuiteSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  scenario_count: z.number().int(),
  updated_at: z.string(),
  updated_by: z.string(),
  estimate: runEstimateSchema,
  last_run: scenarioRunSummarySchema.nullable(),
});
export type ScenarioSuiteSummary = z.infer<typeof scenarioSuiteSummarySchema>;

/** `GET /api/scenarios/suites`: the suites, and whether runs reach real Intercom (the page warns then). */
export const scenarioSuiteListSchema = z.object({
  suites: z.array(scenarioSuiteSummarySchema),
  fin_api: z.string(),
  real_intercom: z.boolean(),
});
export type ScenarioSuiteList = z.infer<typeof scenarioSuiteListSchema>;

export const scenarioSuiteSchema = scenarioSuiteSummarySchema.extend({ body: z.string() });
export type ScenarioSuite = z.infer<typeof scenarioSuiteSchema>;

/** A suite's YAML or JSON text; a bad one is a 400 with one entry per problem, `field` = `line:column`. */
export const suiteWriteBodySchema = z.strictObject({
  body: z.string().min(1, { error: 'body must not be empty' }).max(SCENARIO_LIMITS.suiteBytes),
});
export type SuiteWriteBody = z.infer<typeof suiteWriteBodySchema>;

/** `POST /api/scenarios/suites/:id/runs` → 202 with the run id; follow it with `GET /api/scenarios/runs/:id`. */
export const runStartedSchema = z.object({ id: z.string(), suite_id: z.string() });
export type RunStarted = z.infer<typeof runStartedSchema>;

export interface SuiteRuns {
  runs: ScenarioRunSummary[];
}

export const saveScenarioBodySchema = z.union([
  z.strictObject({
    suite_id: z.string().min(1).max(100),
    scenario_name: z.string().trim().min(1).max(SCENARIO_LIMITS.name).optional(),
  }),
  z.strictObject({
    new_suite: z.string().trim().min(1).max(SCENARIO_LIMITS.name),
    scenario_name: z.string().trim().min(1).max(SCENARIO_LIMITS.name).optional(),
  }),
]);
export type SaveScenarioBody = z.infer<typeof saveScenarioBodySchema>;

export const scenarioSavedSchema = z.object({ suite_id: z.string(), scenario_name: z.string() });
export type ScenarioSaved = z.infer<typeof scenarioSavedSchema>;
