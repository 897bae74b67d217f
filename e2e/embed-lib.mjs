// Shared set-up for the embedding tests (e2e/embed-*.test.mjs): the example Hugo site built by
// the real `hugo` against the embedding bundle (dist/paperkube/, from ./dev build), served under
// a sub-path with a strict Content-Security-Policy, and Chromium pages that record every problem.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { CHROMIUM, CHROMIUM_ARGS, DIST, ROOT } from './helpers.mjs';
import { MIME } from './server.mjs';

export const SITE = path.join(ROOT, 'examples', 'hugo-site');
export const BUNDLE = path.join(DIST, 'paperkube');
export const PREFIX = '/course/';
/**
 * The policy the docs promise works: no inline script, no eval, wasm compile allowed. The
 * widget draws progress bars and countdowns with style attributes, hence style-src
 * 'unsafe-inline' (styles only: scripts stay strict).
 */
export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'";

export function requireBundle() {
  const loader = path.join(BUNDLE, 'paperkube.js');
  if (!fs.existsSync(loader)) {
    throw new Error(`${loader} is missing: run ./dev build (trunk + scripts/build-embed.mjs) first`);
  }
}

/** Runs the real hugo on the example site; returns the output folder. */
export function buildSite(baseURL, { extraConfig } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'paperkube-site-'));
  const args = ['--source', SITE, '--destination', out, '--baseURL', baseURL, '--quiet', '--cleanDestinationDir', '--noBuildLock'];
  if (extraConfig) args.push('--config', `hugo.toml,${extraConfig}`);
  execFileSync('hugo', args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, HUGO_CACHEDIR: path.join(out, '.hugo-cache') } });
  return out;
}

/**
 * Serves a folder at PREFIX on 127.0.0.1 (everything else 404), every response with the CSP.
 * The folder can be set after start (`setRoot`), so a site can be built for the server's port.
 */
export async function serveUnderPrefix(root = null) {
  let dir = root;
  const requests = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url);
    const send = (status, body, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-security-policy': CSP });
      res.end(body);
    };
    let rel;
    try {
      rel = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (!dir || !rel.startsWith(PREFIX)) return send(404, 'outside the site\n');
    let file = path.join(dir, rel.slice(PREFIX.length));
    if (!path.resolve(file).startsWith(path.resolve(dir))) return send(403, 'forbidden\n');
    try {
      if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
      send(200, fs.readFileSync(file), MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream');
    } catch {
      send(404, 'not found\n');
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + PREFIX,
    requests,
    setRoot: (d) => {
      dir = d;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export async function launch() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A page that records console errors, uncaught errors, failed requests and any request outside
 * `allowed(url)` (aborted). `expectErrors` lists console-error substrings a test provokes.
 */
export async function newPage(browser, allowed, { viewport = { width: 1100, height: 900 }, colorScheme = 'light', context } = {}) {
  const ctx = context ?? (await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 }));
  const problems = { consoleErrors: [], pageErrors: [], outside: [], failed: [], csp: [] };
  await ctx.route('**/*', (route) => {
    const url = route.request().url();
    if (allowed(url)) return route.continue();
    problems.outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await ctx.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      (/Content Security Policy/i.test(msg.text()) ? problems.csp : problems.consoleErrors).push(msg.text());
    }
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err?.stack ?? err)));
  page.on('requestfailed', (req) => {
    if (!problems.outside.includes(req.url())) problems.failed.push(`${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failed.push(`${res.url()} → HTTP ${res.status()}`);
  });
  return { page, context: ctx, problems };
}

export function listProblems(problems, expected = []) {
  const unexpected = (t) => !expected.some((e) => t.includes(e));
  return [
    ...problems.consoleErrors.filter(unexpected).map((t) => `console error: ${t}`),
    ...problems.pageErrors.filter(unexpected).map((t) => `uncaught: ${t}`),
    ...problems.csp.map((t) => `CSP violation: ${t}`),
    ...problems.failed.map((t) => `request failed: ${t}`),
    ...problems.outside.map((t) => `request outside the site: ${t}`),
  ];
}

/** The widget host with data-id = id. */
export function widget(page, id) {
  return page.locator(`div.paperkube[data-id="${id}"]`);
}

export async function waitRunning(page, id, timeout = 20000) {
  await page.waitForFunction(
    (id) => document.querySelector(`div.paperkube[data-id="${id}"]`)?.getAttribute('data-paperkube-state') === 'running',
    id,
    { timeout },
  );
}

export async function runCommand(page, id, line) {
  const input = widget(page, id).locator('input[aria-label="kubectl"]');
  await input.fill(line);
  await input.press('Enter');
}

export async function logText(page, id) {
  return widget(page, id).locator('[role="log"]').first().innerText();
}

export async function waitForLog(page, id, pattern, timeout = 8000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await logText(page, id);
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`log of ${id} never matched ${pattern}; it was:\n${text}`);
    await page.waitForTimeout(100);
  }
}

/** Virtual ms of a widget's cluster, read through the loader's handle. */
export async function elapsed(page, id) {
  return page.evaluate((id) => document.querySelector(`div.paperkube[data-id="${id}"]`).paperkube.widget.elapsedMs(), id);
}
