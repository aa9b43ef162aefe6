import { describe, expect, it } from 'vitest';
import { redact } from './log';

describe('redact', () => {
  it('hides the password of a URL and a password= parameter, keeping the rest readable', () => {
    expect(redact('postgres://fin:s3cret@db.example.com:5432/fin')).toBe(
      'postgres://fin:[redacted]@db.example.com:5432/fin',
    );
    expect(redact('connect postgresql://fin:p@ss/w0rd@db:5432/fin failed')).toBe(
      'connect postgresql://fin:[redacted]@db:5432/fin failed',
    );
    expect(redact('postgres://db/fin?user=fin&password=s3cret&sslmode=require')).toBe(
      'postgres://db/fin?user=fin&password=[redacted]&sslmode=require',
    );
    expect(redact('host=db user=fin password=s3cret dbname=fin')).toBe(
      'host=db user=fin password=[redacted] dbname=fin',
    );
    expect(redact('https://user:tok@proxy.example.com/x')).toBe(
      'https://user:[redacted]@proxy.example.com/x',
    );
  });

  it('leaves URLs without a password alone', () => {
    for (const text of [
      'http://127.0.0.1:4010/fin/capabilities?email=a@b.test',
      'postgres://fin@db.example.com:5432/fin',
      'mailto:lead@demo.test',
    ])
      expect(redact(text)).toBe(text);
  });
});
