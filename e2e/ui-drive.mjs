// Drivers for the break-and-fix end-to-end tests: a reader who uses only the mouse
// (page.mouse clicks on element boxes, the wheel to scroll) or only the keyboard (Tab,
// Shift+Tab, Enter, Space, arrows and typing, starting from the page's start; never a click,
// never element.focus()). Both expose the same verbs, so each test is written once.
import { W } from './ui-helpers.mjs';

const HANGUL = /[\uac00-\ud7a3]/;

/** Move the keyboard focus to `selector` with Tab or Shift+Tab (whichever way it lies). */
export async function keyTo(page, selector, max = 200) {
  for (let i = 0; i < max; i += 1) {
    const where = await page.evaluate((sel) => {
      const t = document.querySelector(sel);
      if (!t) return 'missing';
      const a = document.activeElement;
      if (a && a.matches(sel)) return 'here';
      if (!a || a === document.body) return 'forward';
      return a.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING ? 'forward' : 'back';
    }, selector);
    if (where === 'missing') throw new Error(`${selector}: not on the page`);
    if (where === 'here') {
      const outline = await page.evaluate(() => {
        const s = getComputedStyle(document.activeElement);
        return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
      });
      if (!outline) throw new Error(`${selector} is focused without a visible outline`);
      return;
    }
    await page.keyboard.press(where === 'forward' ? 'Tab' : 'Shift+Tab');
  }
  throw new Error(`${selector} was not reached with ${max} presses of Tab`);
}

/** Click the centre of `selector`'s box with the mouse, scrolling with the wheel first. */
async function mouseClick(page, selector) {
  const el = page.locator(selector).first();
  for (let i = 0; i < 20; i += 1) {
    const box = await el.boundingBox();
    if (!box) throw new Error(`${selector}: not drawn`);
    const vp = page.viewportSize();
    const y = box.y + box.height / 2;
    if (y < 0 || y > vp.height) {
      await page.mouse.wheel(0, y - vp.height / 2);
      await page.waitForTimeout(30);
      continue;
    }
    if (await el.isDisabled().catch(() => false)) throw new Error(`${selector} is disabled`);
    await page.mouse.click(box.x + box.width / 2, y);
    return;
  }
  throw new Error(`${selector}: could not scroll it into view`);
}

/** The accessible name of a control as a reader hears it. */
async function nameOf(page, selector) {
  return page.locator(selector).first().evaluate((e) => e.getAttribute('aria-label') || e.innerText || e.getAttribute('title'));
}

/**
 * A reader driving the widget in `mode` ('mouse' | 'keyboard') and `lang` ('en' | 'ko').
 * In Korean every `data-action` button pressed must be labelled in Korean.
 */
export function driver(page, mode, lang) {
  const q = (s) => `${W} ${s}`;
  const checkLabel = async (selector) => {
    if (lang !== 'ko' || !/data-action=/.test(selector)) return;
    const name = await nameOf(page, q(selector));
    if (!HANGUL.test(name)) throw new Error(`${selector}: no Korean label ("${name}")`);
  };
  return {
    page,
    mode,
    lang,
    /** Press a button (or a pod box): a click, or Enter (Space with `{ space: true }`). */
    async press(selector, { space = false } = {}) {
      await checkLabel(selector);
      if (mode === 'mouse') return mouseClick(page, q(selector));
      await keyTo(page, q(selector));
      await page.keyboard.press(space ? 'Space' : 'Enter');
    },
    /** Type into a text field and submit its form with Enter (keyboard only). */
    async type(selector, text) {
      if (mode === 'mouse') throw new Error('a mouse reader cannot type');
      await keyTo(page, q(selector));
      await page.keyboard.press('Control+A');
      await page.keyboard.type(text);
    },
    /** Check a radio button: a click on its label, or the arrow keys inside its group. */
    async choose(name, value) {
      const target = q(`input[type="radio"][name$="${name}"][value="${value}"]`);
      if (mode === 'mouse') return mouseClick(page, `${W} label:has(> input[type="radio"][name$="${name}"][value="${value}"])`);
      await keyTo(page, q(`input[type="radio"][name$="${name}"]:checked`));
      for (let i = 0; i < 5 && !(await page.locator(target).isChecked()); i += 1) await page.keyboard.press('ArrowDown');
      if (!(await page.locator(target).isChecked())) throw new Error(`${value}: not chosen with the arrow keys`);
    },
    /** Show a kubectl tab: a click, or the arrow keys inside its tab list. */
    async tab(id) {
      const target = q(`[data-tab="${id}"]`);
      if (mode === 'mouse') return mouseClick(page, target);
      await keyTo(page, q(`[role="tablist"]:has([data-tab="${id}"]) [aria-selected="true"]`));
      for (let i = 0; i < 6 && (await page.locator(target).getAttribute('aria-selected')) !== 'true'; i += 1) {
        await page.keyboard.press('ArrowRight');
      }
      if ((await page.locator(target).getAttribute('aria-selected')) !== 'true') throw new Error(`${id}: not reached with →`);
    },
  };
}

/** Parse a kubectl table (header line first) into rows of columns split on 2+ spaces. */
export function table(text) {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0 || !/^NAME\s/.test(lines[0])) return [];
  return lines.slice(1).map((l) => l.trim().split(/\s{2,}/));
}

/**
 * Everything drawn agrees with `kubectl get pods` / `get rs` / `get deploy` at this instant
 * (the clock must be paused). Returns the disagreements (empty when all agree).
 */
export async function pictureAgrees(d) {
  const { page } = d;
  const bad = [];
  const panel = (id) => page.locator(`${W} [data-panel="${id}"]`).innerText();
  // Pods: every box is a row with the same STATUS and READY, and every row is a box.
  const podRows = new Map(table(await panel('get-pods')).map((c) => [c[0], { ready: c[1], status: c[2] }]));
  const boxes = await page.locator(`${W} [data-pod]`).evaluateAll((els) =>
    els.map((e) => ({ name: e.dataset.pod, status: e.dataset.status, ready: e.dataset.ready })),
  );
  for (const b of boxes) {
    const r = podRows.get(b.name);
    if (!r || r.status !== b.status || r.ready !== b.ready) {
      bad.push(`pod ${b.name}: box ${b.ready} ${b.status}, kubectl ${r ? `${r.ready} ${r.status}` : 'no row'}`);
    }
  }
  if (boxes.length !== podRows.size) bad.push(`${boxes.length} pod boxes, ${podRows.size} get pods rows`);
  // ReplicaSets: each lane's desired/current/ready is its `get rs` row.
  await d.tab('get-rs');
  const rsRows = new Map(table(await panel('get-rs')).map((c) => [c[0], c.slice(1, 4).join(' ')]));
  const lanes = await page.locator(`${W} [data-replicaset]`).evaluateAll((els) =>
    els.map((e) => ({ name: e.dataset.replicaset, counts: `${e.dataset.desired} ${e.dataset.current} ${e.dataset.ready}` })),
  );
  for (const l of lanes) {
    if (rsRows.get(l.name) !== l.counts) bad.push(`rs ${l.name}: lane ${l.counts}, kubectl ${rsRows.get(l.name) ?? 'no row'}`);
  }
  if (lanes.length !== rsRows.size) bad.push(`${lanes.length} lanes, ${rsRows.size} get rs rows`);
  // Deployments: the card's READY, UP-TO-DATE and AVAILABLE are its `get deploy` row.
  await d.tab('get-deploy');
  const dRows = new Map(table(await panel('get-deploy')).map((c) => [c[0], c.slice(1, 4).join(' ')]));
  const cards = await page.locator(`${W} [data-deployment]`).evaluateAll((els) =>
    els.map((e) => ({ name: e.dataset.deployment, cols: `${e.dataset.ready} ${e.dataset.upToDate} ${e.dataset.available}` })),
  );
  for (const c of cards) {
    if (dRows.get(c.name) !== c.cols) bad.push(`deploy ${c.name}: card ${c.cols}, kubectl ${dRows.get(c.name) ?? 'no row'}`);
  }
  if (cards.length !== dRows.size) bad.push(`${cards.length} cards, ${dRows.size} get deploy rows`);
  return bad;
}
