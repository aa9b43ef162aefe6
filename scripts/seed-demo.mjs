const users = [
  {
    id: 'demo-jane',
    name: 'Jane Doe',
    email: 'jane@example.com',
    attributes: { plan_type: 'Pro', country: 'IE' },
  },
  { id: 'demo-omar', name: 'Omar Haddad', email: 'omar@example.com', attributes: { plan_type: 'Starter' } },
];

const authHeaders = (token) => (token ? { Authorization: `Bearer ${token}` } : {});

async function post(base, token, path, body) {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...authHeaders(token) },
    body: JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export async function seedDemo(base, token = process.env.CONSOLE_ADMIN_TOKEN) {
  const listed = await fetch(`${base}/api/conversations`, { headers: authHeaders(token) });
  if (listed.status === 401 || listed.status === 403)
    throw new Error(`/api/conversations → ${listed.status}: the operations token was not accepted`);
  const existing = await listed.json().catch(() => []);
  if (Array.isArray(existing) && existing.length > 0) return; // seeded already: keep what is there
  const stamp = Date.now().toString(36);
  const [jane, omar] = users;
  const caps = await post(base, token, '/api/fin/capabilities', { user: jane });
  const procedures = caps.capabilities.filter((c) => c.type === 'procedure').slice(0, 3);
  for (const [i, p] of procedures.entries()) {
    await post(base, token, `/api/fin/procedures/${p.id}/run`, {
      conversation_id: `demo-${stamp}-${i + 1}`,
      user: jane,
      message: { author: 'agent', body: `Starting ${p.name} for Jane.` },
    });
  }
  await post(base, token, '/api/fin/ask', {
    conversation_id: `demo-${stamp}-ask`,
    user: omar,
    message: { author: 'user', body: 'How do I reset my password?', timestamp: new Date().toISOString() },
  });
  console.log(`[seed] ${procedures.length} procedure runs and one question started`);
}
