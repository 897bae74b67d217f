// Shared set-up for the end-to-end tests: Debian's Chromium driven by playwright-core (which never
// downloads a browser), the release bundle in dist/ served by ./server.mjs, and a page that records
// every console error, uncaught exception, failed request and request that leaves the local server.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST = process.env.PAPERKUBE_DIST ?? path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
export const CHROMIUM = process.env.PAPERKUBE_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Start the static server on dist/ and launch Chromium (a fresh temporary profile per launch). */
export async function setup() {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`${DIST}/index.html is missing: run \`trunk build --release --offline\` first (./dev test does)`);
  }
  const server = await startServer(DIST);
  // launch() gives every run its own fresh --user-data-dir (a temporary profile it deletes).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Open a page on the local server. Returns { page, problems } where problems collects console
 * errors, page errors, failed/4xx/5xx requests, and any request to another origin (which is
 * aborted: paperkube must run with nothing fetched from outside).
 */
export async function openPage(env, urlPath = '/', { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await env.browser.newContext({ viewport, deviceScaleFactor: 1 });
  const problems = { consoleErrors: [], pageErrors: [], outside: [], failed: [] };
  const origin = env.server.origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin + '/')) return route.continue();
    problems.outside.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') problems.consoleErrors.push(msg.text());
  });
  page.on('pageerror', (err) => problems.pageErrors.push(String(err?.stack ?? err)));
  page.on('requestfailed', (req) => {
    if (!problems.outside.includes(req.url())) problems.failed.push(`${req.url()} (${req.failure()?.errorText})`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400) problems.failed.push(`${res.url()} → HTTP ${res.status()}`);
  });
  await page.goto(origin + urlPath, { waitUntil: 'load' });
  return { page, context, problems };
}

/** Assert-friendly summary: an empty array means the page behaved. */
export function listProblems(problems) {
  return [
    ...problems.consoleErrors.map((t) => `console error: ${t}`),
    ...problems.pageErrors.map((t) => `uncaught: ${t}`),
    ...problems.failed.map((t) => `request failed: ${t}`),
    ...problems.outside.map((t) => `request outside the local server: ${t}`),
  ];
}

/** Wait until the widget has drawn something inside div.paperkube; on time-out say what went wrong. */
export async function waitForMount(page, problems, timeout = 15000) {
  try {
    await page.waitForFunction(
      () => {
        const root = document.querySelector('div.paperkube');
        return root !== null && root.children.length > 0;
      },
      null,
      { timeout },
    );
  } catch (err) {
    const seen = problems ? listProblems(problems) : [];
    throw new Error(
      `the widget drew nothing inside div.paperkube within ${timeout} ms` +
        (seen.length ? `; the page reported:\n  ${seen.join('\n  ')}` : ' (and the page reported no error)'),
      { cause: err },
    );
  }
}

export function saveArtifact(name, buffer) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.writeFileSync(file, buffer);
  return file;
}
