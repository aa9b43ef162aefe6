/** The console's roles, lowest first (the server's order: viewer < agent < lead). */
export const ROLES = ['viewer', 'agent', 'lead'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = { viewer: 'Viewer', agent: 'Agent', lead: 'Lead' };

export const ROLE_DESCRIPTION: Record<Role, string> = {
  viewer: 'Reads everything; changes nothing.',
  agent: 'Also claims and answers HITL steps.',
  lead: 'Also runs procedures and manages accounts, tokens and the connection.',
};

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

const ACTIONS = {
  run: { min: 'lead', reason: 'Leads run procedures' },
  ask: { min: 'lead', reason: 'Leads run procedures' },
  reply: { min: 'lead', reason: 'Leads run procedures' },
  escalate: { min: 'lead', reason: 'Leads run procedures' },
  csat: { min: 'lead', reason: 'Leads run procedures' },
  answerStep: { min: 'agent', reason: 'Agents and leads answer steps' },
  linkStep: { min: 'lead', reason: 'Leads link steps to runs' },
  manageAccounts: { min: 'lead', reason: 'Leads manage accounts' },
  manageTokens: { min: 'lead', reason: 'Leads create and revoke API tokens' },
  manageConnection: { min: 'lead', reason: 'Leads manage the connection' },
  writeNotes: { min: 'lead', reason: 'Leads write presenter notes' },
  share: { min: 'lead', reason: 'Leads make and revoke share links' },
  editProcedures: { min: 'lead', reason: 'Leads edit procedures' },
} as const satisfies Record<string, { min: Role; reason: string }>;

export type Action = keyof typeof ACTIONS;

export type Permission = { allowed: true; reason: null } | { allowed: false; reason: string };

/** The server enforces the same rules; this only keeps the UI from offering what it would refuse. */
export function permission(role: Role | null | undefined, action: Action): Permission {
  const rule = ACTIONS[action];
  if (role && roleAtLeast(role, rule.min)) return { allowed: true, reason: null };
  return { allowed: false, reason: rule.reason };
}
