// Helpers for the widget-UI end-to-end tests (ui-*.test.mjs): drive the controls as a reader
// would, by mouse or by keyboard alone, and read what is on screen.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './helpers.mjs';

export const W = 'div.paperkube';

/** The console log's text. */
export async function logText(page) {
  return page.locator(`${W} [role="log"]`).first().innerText();
}

/** Wait until the console log matches `pattern`. */
export async function waitForLog(page, pattern, timeout = 5000) {
  await page.waitForFunction(
    ([src, flags]) => new RegExp(src, flags).test(document.querySelector('div.paperkube [role="log"]')?.innerText ?? ''),
    [pattern.source, pattern.flags],
    { timeout },
  );
}

/** Pods drawn, as { name, status, ready, lost }. */
export async function pods(page) {
  return page.locator(`${W} [data-pod]`).evaluateAll((els) =>
    els.map((e) => ({
      name: e.dataset.pod,
      status: e.dataset.status,
      ready: e.dataset.ready,
      lost: e.classList.contains('pk-pod-lost'),
    })),
  );
}

/** Wait for `predicate(pods)` to hold (evaluated in the page on the DOM contract's attributes). */
export async function waitForPods(page, fnSource, timeout = 60_000) {
  await page.waitForFunction(
    (src) => {
      const list = [...document.querySelectorAll('div.paperkube [data-pod]')].map((e) => ({
        name: e.dataset.pod,
        status: e.dataset.status,
        ready: e.dataset.ready,
        lost: e.classList.contains('pk-pod-lost'),
      }));
      // eslint-disable-next-line no-new-func
      return new Function('pods', `return (${src})(pods)`)(list);
    },
    fnSource,
    { timeout, polling: 100 },
  );
}

/** Press Tab until the focused element matches `selector` (proves it is keyboard-reachable). */
export async function tabTo(page, selector, max = 250) {
  for (let i = 0; i < max; i += 1) {
    await page.keyboard.press('Tab');
    const hit = await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector);
    if (hit) {
      // Visible focus: the focused control has an outline drawn.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      if (outline === 'none') throw new Error(`${selector} is focused without a visible outline`);
      return i + 1;
    }
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab`);
}

/** `kubectl get pods` rows on screen: name → STATUS column. */
export async function getPodsRows(page) {
  const text = await page.locator(`${W} [data-panel="get-pods"]`).innerText();
  const rows = new Map();
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s{2,}/);
    if (cols.length >= 3) rows.set(cols[0], { ready: cols[1], status: cols[2] });
  }
  return rows;
}

/** Every pod box agrees with the `kubectl get pods` panel drawn at the same instant. */
export async function pictureAgreesWithKubectl(page) {
  return page.evaluate(() => {
    const text = document.querySelector('div.paperkube [data-panel="get-pods"]')?.innerText ?? '';
    const rows = new Map();
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s{2,}/);
      if (cols.length >= 3) rows.set(cols[0], { ready: cols[1], status: cols[2] });
    }
    const mismatches = [];
    const boxes = [...document.querySelectorAll('div.paperkube [data-pod]')];
    for (const b of boxes) {
      const r = rows.get(b.dataset.pod);
      if (!r || r.status !== b.dataset.status || r.ready !== b.dataset.ready) {
        mismatches.push(`${b.dataset.pod}: box ${b.dataset.ready} ${b.dataset.status}, kubectl ${r ? `${r.ready} ${r.status}` : 'no row'}`);
      }
    }
    if (boxes.length !== rows.size) mismatches.push(`${boxes.length} boxes, ${rows.size} rows`);
    return mismatches;
  });
}

/** Run axe-core on the widget; return serious and critical violations. */
export async function axeSerious(page) {
  const src = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.addScriptTag({ content: src });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document.querySelector('div.paperkube'), { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Whether the engine knows a kubectl verb (a command it lacks answers `unknown command`). */
export function unknownCommand(log, verb) {
  return log.includes(`unknown command "${verb}" for "kubectl"`);
}
