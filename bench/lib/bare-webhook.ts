// The ingest limit: a bare node:http server that verifies the sha256 HMAC and stores nothing.
import { createServer } from 'node:http';
import { signedBy } from './signature';

const [port, secret] = [Number(process.argv[2]), process.argv[3] ?? ''];
createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const ok = signedBy(secret, req.headers, Buffer.concat(chunks));
    const body = JSON.stringify(ok ? { ok: true } : { error: 'bad signature' });
    res.writeHead(ok ? 200 : 401, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
}).listen(port, '127.0.0.1', () => console.log(`bare webhook server on ${port}`));
