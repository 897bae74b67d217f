// The end-to-end harness guards the other tests: these check that the guards themselves bite.
// A page that logs an error or reaches outside the local server must be reported, and the
// static server must answer like a real one (404 for missing files, application/wasm MIME).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from './server.mjs';
import { openPage, listProblems, CHROMIUM, CHROMIUM_ARGS } from './helpers.mjs';

let dir;
let env;
before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paperkube-harness-'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!DOCTYPE html><html lang="en"><head><link rel="icon" href="data:,"></head><body><p>ok</p></body></html>',
  );
  fs.writeFileSync(
    path.join(dir, 'bad.html'),
    `<!DOCTYPE html><html lang="en"><head><link rel="icon" href="data:,"></head><body>
     <img src="http://paperkube.invalid/outside.png">
     <script>console.error('boom from the page')</script></body></html>`,
  );
  fs.writeFileSync(path.join(dir, 'm.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  const server = await startServer(dir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  env = {
    server,
    browser,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
});
after(async () => {
  await env?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('e2e harness', () => {
  it('reports nothing for a clean page', async () => {
    const { context, problems } = await openPage(env, '/');
    await context.close();
    assert.deepEqual(listProblems(problems), []);
  });

  it('reports console errors and blocks requests outside the local server', async () => {
    const { page, context, problems } = await openPage(env, '/bad.html');
    await page.waitForTimeout(200);
    await context.close();
    const found = listProblems(problems).join('\n');
    assert.match(found, /console error: boom from the page/);
    assert.match(found, /request outside the local server: http:\/\/paperkube\.invalid\/outside\.png/);
  });

  it('serves 404 for missing files and the right MIME types', async () => {
    const base = env.server.url;
    const missing = await fetch(`${base}/nope.js`);
    assert.equal(missing.status, 404);
    const wasm = await fetch(`${base}/m.wasm`);
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    const html = await fetch(`${base}/`);
    assert.match(html.headers.get('content-type'), /^text\/html/);
    const escape = await fetch(`${base}/..%2f..%2fetc%2fpasswd`);
    assert.ok([403, 404].includes(escape.status), `no escape from the served folder (${escape.status})`);
  });
});
