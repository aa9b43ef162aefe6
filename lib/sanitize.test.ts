import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize';

describe('sanitizeHtml', () => {
  it('keeps the tags Fin documents', () => {
    const html = '<p>See <a href="https://example.com" target="_blank">the <em>Account</em> tab</a></p><ul><li><code>x</code></li></ul>';
    const out = sanitizeHtml(html);
    expect(out).toContain('<em>Account</em>');
    expect(out).toContain('<li><code>x</code></li>');
    expect(out).toContain('href="https://example.com"');
    expect(out).toContain('rel="noopener noreferrer nofollow"');
  });
  it('removes scripts, handlers and javascript: links', () => {
    const out = sanitizeHtml('<p onclick="steal()">hi</p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>');
    expect(out).not.toMatch(/onclick|<script|alert\(1\)|javascript:|onerror/);
    expect(out).toContain('hi');
  });
  it('drops unknown elements but keeps their text', () => {
    expect(sanitizeHtml('<marquee>moving</marquee><p>ok</p>')).toBe('moving<p>ok</p>');
  });
});
