// The ingest limit: a bare node:http server that verifies the sha256 HMAC and stores nothing.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const [port, secret] = [Number(process.argv[2]), process.argv[3] ?? ''];
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks);
    const given = Buffer.from(
      String(req.headers['x-fin-agent-api-webhook-signature'] ?? '').replace(/^sha256=/, ''),
      'hex',
    );
    const expected = createHmac('sha256', secret).update(raw).digest();
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    const body = JSON.stringify(ok ? { ok: true } : { error: 'bad signature' });
    res.writeHead(ok ? 200 : 401, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
}).listen(port, '127.0.0.1', () => console.log(`bare webhook server on ${port}`));
