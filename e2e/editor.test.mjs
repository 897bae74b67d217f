// The manifest editor end to end, on the release bundle: a reader types a manifest with a
// mistake, sees the error at its line, fixes it, applies and sees the pods; `kubectl edit` from
// the console opens the live object, Save applies it, Cancel changes nothing; the keyboard is
// never trapped; axe-core finds nothing with the editor open (light, dark, an error shown); the
// editor fits a 360 px screen; a huge paste does not freeze the page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, listProblems, waitForMount, saveArtifact } from './helpers.mjs';
import { W, waitForLog, waitForPods, pictureAgreesWithKubectl, axeSerious } from './ui-helpers.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const TEXT = `${W} textarea[data-editor="text"]`;

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: app: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:1.25.3
`;

const threeRunning = `(ps) => ps.length === 3 && ps.every((p) => p.status === 'Running' && p.ready === '1/1')`;

async function openEditor(page) {
  await page.locator(`${W} button[data-action="editor"]`).click();
  await page.locator(TEXT).waitFor();
}

/** Select `[start, end)` (UTF-16 offsets) in the textarea, as a reader dragging would. */
async function selectRange(page, start, end) {
  await page.locator(TEXT).evaluate((el, [s, e]) => {
    el.focus();
    el.setSelectionRange(s, e);
  }, [start, end]);
}

async function stepUntil(page, predicate) {
  const step = page.locator(`${W} button[data-action="step"]`);
  for (let i = 0; i < 60; i += 1) {
    const ok = await page.evaluate(
      (src) => {
        const list = [...document.querySelectorAll('div.paperkube [data-pod]')].map((e) => ({
          status: e.dataset.status,
          ready: e.dataset.ready,
        }));
        // eslint-disable-next-line no-new-func
        return new Function('pods', `return (${src})(pods)`)(list);
      },
      predicate,
    );
    if (ok) return;
    await step.click();
  }
  await waitForPods(page, predicate, 2000);
}

async function settle(page) {
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
}

const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  return a ? (a.dataset.editor ?? a.getAttribute('aria-label') ?? a.dataset.action ?? a.tagName) : null;
});

describe('manifest editor', () => {
  it('shows a mistake at its line, applies the fix, draws the pods', { timeout: 90_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en');
    try {
      await waitForMount(page, problems);
      await openEditor(page);
      await page.locator(TEXT).click();
      await page.keyboard.insertText(MANIFEST);
      await page.keyboard.press('Control+Enter');

      const error = page.locator(`${W} [data-editor="error"]`);
      await error.waitFor();
      assert.equal(await error.getAttribute('data-line'), '5');
      const said = await error.innerText();
      assert.match(said, /Line 5, column 14/);
      assert.match(said, /error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context/);
      assert.equal(await page.locator(TEXT).getAttribute('aria-invalid'), 'true');
      assert.equal((await page.locator(`${W} [data-error-line]`).innerText()).trim(), '5');
      assert.equal(await focused(page), 'text', 'the focus stays where the reader typed');
      assert.equal(await page.locator(`${W} [data-deployment]`).count(), 0, 'nothing was created');

      // The band behind line 5 lines up with the textarea's fifth line.
      const pad = 8;
      const lineHeight = 20;
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      const area = await page.locator(TEXT).boundingBox();
      const scrolled = await page.locator(TEXT).evaluate((el) => el.scrollTop);
      const band = await page.locator(`${W} .pk-editor-errband`).boundingBox();
      const want = area.y + pad + 4 * lineHeight - scrolled;
      assert.ok(Math.abs(band.y - want) <= 1, `band at ${band.y}, line 5 at ${want}`);
      // The gutter and the layer follow the textarea's scrolling (scroll events come per frame).
      await page.waitForFunction(() => {
        const q = (s) => document.querySelector(`div.paperkube ${s}`).scrollTop;
        const top = q('textarea[data-editor="text"]');
        return q('.pk-editor-layer') === top && q('[data-editor="gutter"]') === top;
      }, null, { timeout: 2000 });
      // The coloured layer holds the same text as the textarea, character for character.
      const layerText = await page.locator(`${W} .pk-editor-layer pre`).evaluate((el) => el.textContent);
      assert.equal(layerText, `${MANIFEST}\n `);
      assert.equal(await page.locator(`${W} .pk-editor-layer .pk-y-key`).first().innerText(), 'apiVersion');
      saveArtifact('editor-error-en.png', await page.locator(`${W} [data-editor="panel"]`).screenshot());

      // Fix line 5 by selecting it and typing over it; the error stays until the next apply.
      const start = MANIFEST.indexOf('  labels: app: web');
      await selectRange(page, start, start + '  labels: app: web'.length);
      await page.keyboard.insertText('  labels:\n    app: web');
      await page.locator(`${W} button[data-action="apply-manifest"]`).click();
      await waitForLog(page, /deployment\.apps\/web created/);
      assert.equal(await error.count(), 0);
      assert.equal(await page.locator(TEXT).getAttribute('aria-invalid'), null);

      await stepUntil(page, threeRunning);
      assert.deepEqual(await pictureAgreesWithKubectl(page), []);
      assert.equal(await page.locator(`${W} [data-deployment="web"]`).count(), 1);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('kubectl edit opens the live object; Save applies it, Cancel changes nothing', { timeout: 90_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=ko');
    try {
      await waitForMount(page, problems);
      const prompt = page.locator(`${W} input[aria-label="kubectl"]`);
      await prompt.fill('kubectl create deployment web --image=nginx:1.25.3 --replicas=3');
      await prompt.press('Enter');
      await stepUntil(page, threeRunning);

      await prompt.fill('kubectl edit deployment/web');
      await prompt.press('Enter');
      const panel = page.locator(`${W} [data-editor="panel"]`);
      await page.waitForFunction(() => document.querySelector('div.paperkube [data-editor="panel"]')?.dataset.editorMode === 'edit');
      assert.equal(await focused(page), 'text', 'the edit takes the focus, as kubectl opens an editor');
      const opened = await page.locator(TEXT).inputValue();
      assert.match(opened, /^# Please edit the object below\./);
      const at = opened.indexOf('  replicas: 3\n');
      assert.ok(at > 0, opened);
      await selectRange(page, at + '  replicas: '.length, at + '  replicas: 3'.length);
      await page.keyboard.type('5');
      saveArtifact('editor-edit-ko.png', await panel.screenshot());
      await page.keyboard.press('Control+Enter');
      await waitForLog(page, /deployment\.apps\/web edited/);
      assert.equal(await panel.getAttribute('data-editor-mode'), 'apply');
      assert.equal(await focused(page), 'kubectl', 'back at the prompt');
      await stepUntil(page, `(ps) => ps.length === 5 && ps.every((p) => p.status === 'Running')`);

      await prompt.fill('kubectl edit deployment web');
      await prompt.press('Enter');
      await page.locator(`${W} button[data-action="cancel-edit"]`).click();
      await waitForLog(page, /Edit cancelled, no changes made\./);
      await prompt.fill('kubectl get deployment web -o jsonpath={.spec.replicas}');
      await prompt.press('Enter');
      await waitForLog(page, /\n5\s*$/);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('never traps the keyboard and passes axe, light and dark, at 360 px', { timeout: 90_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=ko', { viewport: { width: 360, height: 800 } });
    try {
      await waitForMount(page, problems);
      await openEditor(page);
      await page.locator(`${W} select[data-editor="template"]`).selectOption('deployment');
      await page.locator(TEXT).focus();
      assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none', 'visible focus');
      await page.keyboard.press('Control+End');
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'text', 'Tab indents');
      assert.match(await page.locator(TEXT).inputValue(), / {2}$/);
      await page.keyboard.press('Escape');
      await page.keyboard.press('Tab');
      assert.notEqual(await focused(page), 'text', 'Esc then Tab leaves the editor');

      // An error shown, at 360 px: nothing sticks out of the page.
      await page.locator(TEXT).fill(MANIFEST);
      await page.locator(`${W} button[data-action="apply-manifest"]`).click();
      await page.locator(`${W} [data-editor="error"]`).waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow}px`);
      const apply = await page.locator(`${W} button[data-action="apply-manifest"]`).boundingBox();
      assert.ok(apply.x >= 0 && apply.x + apply.width <= 360, 'Apply is on screen');
      saveArtifact('editor-360-ko.png', await page.locator(`${W} [data-editor="panel"]`).screenshot());
      // Colours at rest: no hover, no transition half way.
      await page.mouse.move(0, 0);
      await settle(page);
      assert.deepEqual(await axeSerious(page), [], 'light');
      await page.emulateMedia({ colorScheme: 'dark' });
      saveArtifact('editor-360-ko-dark.png', await page.locator(`${W} [data-editor="panel"]`).screenshot());
      await settle(page);
      assert.deepEqual(await axeSerious(page), [], 'dark');
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('takes a huge paste without freezing and keeps it', { timeout: 90_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en');
    try {
      await waitForMount(page, problems);
      await openEditor(page);
      // 200 KB, three times what the editor colours (a plain textarea of 1 MB already takes
      // Chromium seconds on this machine, with or without the widget).
      const huge = '# a line of a huge paste, 40 bytes long\n'.repeat(5_000);
      await page.locator(TEXT).evaluate((el, v) => {
        el.value = v;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }, huge);
      assert.equal(await page.locator(`${W} .pk-editor-code.pk-editor-plain`).count(), 1, 'shown plain, not coloured');
      await page.locator(TEXT).click();
      await page.keyboard.press('Control+End');
      const slowest = [];
      for (const c of 'abc') {
        const t0 = Date.now();
        await page.keyboard.type(c);
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
        slowest.push(Date.now() - t0);
      }
      assert.ok(Math.max(...slowest) < 1500, `keystrokes took ${slowest.join(', ')} ms`);
      assert.equal(await page.locator(TEXT).inputValue(), `${huge}abc`);
      // The widget still answers.
      const prompt = page.locator(`${W} input[aria-label="kubectl"]`);
      await prompt.fill('kubectl get pods');
      await prompt.press('Enter');
      await waitForLog(page, /No resources found in default namespace\./);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});
