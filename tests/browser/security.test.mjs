// What the page may reach, in headless Chromium (tests/browser/harness.mjs): the static server
// sends a Content-Security-Policy header (default-src and connect-src 'self') on every HTML
// document, the page carries the same policy in a <meta>, no request leaves localhost, and no
// console error, page error or CSP violation occurs. Every browser test (pageTest) ends with the
// request, document-header, console and CSP-violation checks of its own contexts; this test
// adds the header and <meta> policy and fails when the CSP was bypassed (KENKO_BYPASS_CSP=1).
//
//   node --test tests/browser/security.test.mjs     (after scripts/build-site)
import assert from 'node:assert/strict';
import { bypassCsp, pageTest } from './harness.mjs';

pageTest('4. nothing leaves localhost; CSP header and meta; no console errors or CSP violations', async ({ page, server, response, rec }) => {
  await Promise.all(rec.pending);
  assert.deepEqual(rec.outside(server.origin), [], 'requests to other hosts');
  assert.ok(rec.requests.length > 5, 'requests were recorded');
  assert.ok(response, 'the page was loaded');
  const csp = (await response.allHeaders())['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/, 'CSP header');
  assert.match(csp, /connect-src 'self'/, 'CSP header: connect-src');
  const meta = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  assert.match(meta, /connect-src 'self'/, 'CSP meta');
  assert.ok(rec.documentResponses.length >= 1, 'the HTML document was recorded');
  for (const d of rec.documentResponses) assert.ok(d.headers['content-security-policy'], `CSP on ${d.url}`);
  const violations = await page.evaluate(() => window.__csp);
  assert.deepEqual(violations, [], 'securitypolicyviolation events');
  assert.deepEqual(rec.cspViolations, [], 'securitypolicyviolation events (reported)');
  assert.deepEqual(rec.consoleProblems, [], 'console errors, page errors, CSP reports');
  assert.ok(!bypassCsp, 'run with KENKO_BYPASS_CSP=1: the CSP was not enforced');
});
