// The embedding end to end (issue 8): the example Hugo site (examples/hugo-site, chapter 06 in
// Korean and English) built by the real hugo against the release embedding bundle
// (dist/paperkube/), served under /course/ with `script-src 'self' 'wasm-unsafe-eval'`, driven in
// Chromium. Every test fails on any console error, CSP violation, failed request, or request
// that leaves the local site.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import {
  buildSite,
  elapsed,
  launch,
  listProblems,
  logText,
  newPage,
  requireBundle,
  runCommand,
  serveUnderPrefix,
  waitForLog,
  waitRunning,
  widget,
} from './embed-lib.mjs';
import { saveArtifact } from './helpers.mjs';

const CREATE = 'kubectl create deployment web --image=nginx:1.25.3 --replicas=2';
let server, out, browser;
const allowed = (url) => url.startsWith(server.base);

before(async () => {
  requireBundle();
  server = await serveUnderPrefix();
  out = buildSite(server.base);
  server.setRoot(out);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/** Presses step until `n` pods are Running (or step has nothing left to do). */
async function stepUntilRunning(page, id, n) {
  const step = widget(page, id).locator('button[data-action="step"]');
  for (let i = 0; i < 60; i++) {
    if ((await widget(page, id).locator('[data-pod][data-status="Running"]').count()) >= n) return;
    if (await step.isDisabled()) break;
    await step.click();
  }
  assert.ok((await widget(page, id).locator('[data-pod][data-status="Running"]').count()) >= n, `${n} Running pods in ${id}`);
}

async function open(path, opts = {}) {
  const p = await newPage(browser, allowed, opts);
  await p.page.goto(server.base + path, { waitUntil: 'load' });
  return p;
}

describe('example Hugo site over http, under /course/, strict CSP', () => {
  it('hugo wrote both languages, one loader per page, no inline script', () => {
    for (const lang of ['ko', 'en']) {
      const html = fs.readFileSync(`${out}/${lang}/replicaset-deployment/index.html`, 'utf8');
      assert.equal((html.match(/<div class="paperkube"/g) ?? []).length, 2, `${lang}: two widgets`);
      assert.equal((html.match(/paperkube\/paperkube\.js/g) ?? []).length, 1, `${lang}: the loader once`);
      assert.match(html, /src="\/course\/paperkube\/paperkube\.js"/, `${lang}: loader under the sub-path`);
      assert.match(html, new RegExp(`data-lang="${lang}"`));
      // Only external scripts and the inert text/x-kubectl ones: nothing a CSP would block.
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      for (const s of scripts) assert.ok(/\bsrc=|type="text\/x-kubectl"/.test(s), `inline executable script: ${s}`);
    }
  });

  it('mounts two independent widgets, each in its own shadow root and wasm instance', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await open('ko/replicaset-deployment/', { viewport: { width: 1100, height: 3000 } });
    try {
      await waitRunning(page, 'replicaset');
      await waitRunning(page, 'rollout');
      const info = await page.evaluate(() => ({
        shadows: [...document.querySelectorAll('div.paperkube')].map((h) => !!h.shadowRoot && h.shadowRoot.mode),
        instances: window.paperkube.instances(),
        lightDomRoots: document.querySelectorAll('.pk-root').length,
      }));
      assert.deepEqual(info.shadows, ['open', 'open']);
      assert.equal(info.instances, 2, 'one wasm instance per widget');
      assert.equal(info.lightDomRoots, 0, 'nothing drawn outside the shadow roots');

      // The inline script ran in the first widget only.
      await page.locator('div.paperkube[data-id="replicaset"] [data-deployment="httpserver"]').waitFor();
      assert.equal(await widget(page, 'rollout').locator('[data-deployment]').count(), 0);
      assert.match(await logText(page, 'replicaset'), /deployment\.apps\/httpserver created/);
      assert.equal(await widget(page, 'replicaset').locator('[data-lang], .pk-root[lang="ko"]').count() >= 1, true);

      // A command and steps in the second leave the first alone.
      const before = await elapsed(page, 'replicaset');
      await runCommand(page, 'rollout', CREATE);
      await waitForLog(page, 'rollout', /deployment\.apps\/web created/);
      await stepUntilRunning(page, 'rollout', 2);
      assert.equal(await widget(page, 'rollout').locator('[data-pod][data-status="Running"]').count(), 2);
      assert.equal(await widget(page, 'replicaset').locator('[data-deployment="web"]').count(), 0, 'no web in the first');
      assert.equal(await elapsed(page, 'replicaset'), before, "the first widget's clock did not move");
      assert.doesNotMatch(await logText(page, 'replicaset'), /web created/);
      saveArtifact('embed-hugo-ko.png', await page.screenshot({ fullPage: true }));

      // Only the site's own files were requested, all under the sub-path.
      const outside = server.requests.filter((u) => !u.startsWith('/course/'));
      assert.deepEqual(outside, []);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it("the host theme does not reach in; the widget follows the host's dark preference", { timeout: 60_000 }, async () => {
    const { page, context, problems } = await open('en/replicaset-deployment/', { viewport: { width: 1100, height: 3000 }, colorScheme: 'dark' });
    try {
      await waitRunning(page, 'replicaset');
      const styles = await page.evaluate(() => {
        const host = document.querySelector('div.paperkube[data-id="replicaset"]');
        const button = host.shadowRoot.querySelector('button[data-action="play"]');
        const root = host.shadowRoot.querySelector('.pk-root');
        const hostButton = document.createElement('button');
        document.body.append(hostButton);
        const rude = getComputedStyle(hostButton).backgroundColor;
        hostButton.remove();
        return {
          rude,
          inside: getComputedStyle(button).backgroundColor,
          fontSize: getComputedStyle(button).fontSize,
          theme: host.shadowRoot.querySelector('.pk-host').getAttribute('data-pk-theme'),
          rootBg: getComputedStyle(root).backgroundColor,
          lang: root.getAttribute('lang'),
        };
      });
      assert.equal(styles.rude, 'rgb(255, 105, 180)', 'the host page really styles its buttons hotpink');
      assert.notEqual(styles.inside, 'rgb(255, 105, 180)', 'the widget buttons are not');
      assert.notEqual(styles.fontSize, '22px');
      assert.equal(styles.theme, 'dark');
      assert.equal(styles.lang, 'en');
      const [r, g, b] = styles.rootBg.match(/\d+/g).map(Number);
      assert.ok(r + g + b < 200, `dark background, got ${styles.rootBg}`);
      // A host that switches itself to light wins over the system preference.
      await page.evaluate(() => document.documentElement.setAttribute('data-theme', 'light'));
      await page.waitForFunction(
        () =>
          document.querySelector('div.paperkube[data-id="replicaset"]').shadowRoot.querySelector('.pk-host').getAttribute('data-pk-theme') === 'light',
      );
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('starts lazily when scrolled into view and stops the clock off-screen and in a hidden tab', { timeout: 90_000 }, async () => {
    const { page, context, problems } = await open('ko/replicaset-deployment/', { viewport: { width: 1000, height: 500 } });
    try {
      await waitRunning(page, 'replicaset');
      assert.equal(await page.evaluate(() => window.paperkube.instances()), 1, 'the widget below the fold has not started');
      assert.equal(await widget(page, 'rollout').getAttribute('data-paperkube-state'), 'waiting');

      // Play the first widget, then scroll it away: its clock stops.
      await widget(page, 'replicaset').locator('button[data-action="play"]').click();
      await page.waitForFunction(() => document.querySelector('div.paperkube[data-id="replicaset"]').paperkube.widget.elapsedMs() > 0);
      await widget(page, 'rollout').scrollIntoViewIfNeeded();
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await waitRunning(page, 'rollout');
      assert.equal(await page.evaluate(() => window.paperkube.instances()), 2);
      await page.waitForFunction(() => !document.querySelector('div.paperkube[data-id="replicaset"]').paperkube.widget.isActive());
      const t1 = await elapsed(page, 'replicaset');
      await page.waitForTimeout(700);
      assert.equal(await elapsed(page, 'replicaset'), t1, 'no virtual time passes off-screen');

      // Back on screen it runs again.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.waitForFunction((t) => document.querySelector('div.paperkube[data-id="replicaset"]').paperkube.widget.elapsedMs() > t, t1);

      // A hidden tab stops it too.
      await page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      const t2 = await elapsed(page, 'replicaset');
      await page.waitForTimeout(700);
      assert.equal(await elapsed(page, 'replicaset'), t2, 'no virtual time passes in a hidden tab');
      await page.evaluate(() => {
        Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
        document.dispatchEvent(new Event('visibilitychange'));
      });
      await page.waitForFunction((t) => document.querySelector('div.paperkube[data-id="replicaset"]').paperkube.widget.elapsedMs() > t, t2);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('a panic in one widget shows an error with a reset; the other keeps working', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await open('en/replicaset-deployment/', { viewport: { width: 1100, height: 3000 } });
    try {
      await waitRunning(page, 'replicaset');
      await waitRunning(page, 'rollout');
      const thrown = await page.evaluate(() => {
        try {
          document.querySelector('div.paperkube[data-id="replicaset"]').paperkube.glue.panicForTest('boom from the test');
          return 'nothing thrown';
        } catch (e) {
          return String(e && e.constructor && e.constructor.name);
        }
      });
      assert.equal(thrown, 'RuntimeError', 'panic = abort traps the instance');
      const alert = widget(page, 'replicaset').locator('[role="alert"]');
      await alert.waitFor();
      assert.match(await alert.innerText(), /This widget hit an error[\s\S]*boom from the test/);
      assert.equal(await widget(page, 'replicaset').getAttribute('data-paperkube-state'), 'crashed');

      // The other widget is untouched and still answers.
      await runCommand(page, 'rollout', CREATE);
      await waitForLog(page, 'rollout', /deployment\.apps\/web created/);
      await widget(page, 'rollout').locator('button[data-action="step"]').click();

      // Reset brings a fresh instance back, with its inline script run again.
      await widget(page, 'replicaset').locator('button[data-paperkube-reset]').click();
      await waitRunning(page, 'replicaset');
      await widget(page, 'replicaset').locator('[data-deployment="httpserver"]').waitFor();
      await runCommand(page, 'replicaset', 'kubectl get deployments');
      await waitForLog(page, 'replicaset', /httpserver/);
      assert.deepEqual(listProblems(problems, ['boom from the test']), []);
      assert.ok(problems.consoleErrors.some((t) => t.startsWith('paperkube:') && t.includes('boom from the test')), 'the panic is logged');
    } finally {
      await context.close();
    }
  });
});

describe('keep and share', () => {
  it("a widget's cluster survives a reload; Reset starts over; corrupt storage is ignored with a notice", { timeout: 90_000 }, async () => {
    const { page, context, problems } = await open('ko/replicaset-deployment/', { viewport: { width: 1100, height: 3000 } });
    try {
      await waitRunning(page, 'rollout');
      await runCommand(page, 'rollout', CREATE);
      await waitForLog(page, 'rollout', /web created/);
      await stepUntilRunning(page, 'rollout', 1);
      const pods = await widget(page, 'rollout').locator('[data-pod]').evaluateAll((els) => els.map((e) => `${e.dataset.pod} ${e.dataset.status}`));
      assert.equal(pods.length, 2);
      const t = await elapsed(page, 'rollout');

      await page.reload({ waitUntil: 'load' });
      await waitRunning(page, 'rollout');
      await widget(page, 'rollout').locator('[data-notice="restored"]').waitFor();
      const again = await widget(page, 'rollout').locator('[data-pod]').evaluateAll((els) => els.map((e) => `${e.dataset.pod} ${e.dataset.status}`));
      assert.deepEqual(again, pods, 'the same pods, names and statuses after the reload');
      assert.equal(await elapsed(page, 'rollout'), t, 'the same virtual instant');
      assert.match(await logText(page, 'rollout'), /web created/, 'the transcript is back');
      // The other widget on the page had nothing to restore.
      assert.equal(await widget(page, 'replicaset').locator('[data-notice]').count(), 0);

      // Reset starts over, and a reload then shows the empty cluster.
      await widget(page, 'rollout').locator('button[data-action="reset"]').click();
      await page.waitForFunction(() => document.querySelector('div.paperkube[data-id="rollout"]').shadowRoot.querySelectorAll('[data-pod]').length === 0);
      await page.waitForTimeout(700); // a save at most every 500 ms
      await page.reload({ waitUntil: 'load' });
      await waitRunning(page, 'rollout');
      assert.equal(await widget(page, 'rollout').locator('[data-pod]').count(), 0);

      // Corrupt and old-format storage: ignored with a notice, never fatal.
      for (const junk of ['{"v":1,"ops":[{"o":"zzz"}', '{"v":0,"ops":[]}']) {
        await page.evaluate((junk) => {
          const key = document.querySelector('div.paperkube[data-id="rollout"]').paperkube.key;
          localStorage.setItem(key, junk);
        }, junk);
        await page.reload({ waitUntil: 'load' });
        await waitRunning(page, 'rollout');
        await widget(page, 'rollout').locator('[data-notice="storage-ignored"]').waitFor();
        await runCommand(page, 'rollout', CREATE);
        await waitForLog(page, 'rollout', /web created/);
        // The reader's work is saved (within 500 ms), replacing the junk.
        await page.waitForFunction(() => {
          const key = document.querySelector('div.paperkube[data-id="rollout"]').paperkube.key;
          return (localStorage.getItem(key) ?? '').includes('kubectl create deployment web');
        });
      }
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('a share link rebuilds the same cluster elsewhere; export prints a kind script', { timeout: 90_000 }, async () => {
    const a = await open('en/replicaset-deployment/', { viewport: { width: 1100, height: 3000 } });
    let link;
    let pods;
    try {
      await waitRunning(a.page, 'rollout');
      await runCommand(a.page, 'rollout', CREATE);
      await waitForLog(a.page, 'rollout', /web created/);
      await widget(a.page, 'rollout').locator('button[data-action="play"]').click();
      await a.page.waitForFunction(
        () => document.querySelector('div.paperkube[data-id="rollout"]').shadowRoot.querySelectorAll('[data-pod][data-status="Running"]').length === 2,
        null,
        { timeout: 60_000 },
      );
      await widget(a.page, 'rollout').locator('button[data-action="pause"]').click();
      pods = await widget(a.page, 'rollout').locator('[data-pod]').evaluateAll((els) => els.map((e) => `${e.dataset.pod} ${e.dataset.status}`).sort());
      await widget(a.page, 'rollout').locator('button[data-embed="share"]').click();
      link = await widget(a.page, 'rollout').locator('input[data-embed="link"]').inputValue();
      assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/course\/en\/replicaset-deployment\/#paperkube-rollout=[A-Za-z0-9_-]+$/);

      await widget(a.page, 'rollout').locator('button[data-embed="export"]').click();
      const script = await widget(a.page, 'rollout').locator('[data-embed="kind-script"]').innerText();
      assert.match(script, /kind create cluster/);
      assert.match(script, /kubectl create deployment web --image=nginx:1\.25\.3 --replicas=2\nsleep \d+/);
      const href = await widget(a.page, 'rollout').locator('a[download="paperkube-kind.sh"]').getAttribute('href');
      assert.ok(href.startsWith('data:text/x-shellscript'), 'download without a network request');
      assert.deepEqual(listProblems(a.problems), []);
    } finally {
      await a.context.close();
    }
    // A different browser profile (no storage) opens the link.
    const b = await newPage(browser, allowed, { viewport: { width: 1100, height: 3000 } });
    try {
      await b.page.goto(link, { waitUntil: 'load' });
      await waitRunning(b.page, 'rollout');
      await widget(b.page, 'rollout').locator('[data-notice="link"]').waitFor();
      const got = await widget(b.page, 'rollout').locator('[data-pod]').evaluateAll((els) => els.map((e) => `${e.dataset.pod} ${e.dataset.status}`).sort());
      assert.deepEqual(got, pods, 'the same pods from the link');
      assert.equal(await widget(b.page, 'replicaset').locator('[data-deployment="web"]').count(), 0, 'only the linked widget changed');
      assert.deepEqual(listProblems(b.problems), []);
    } finally {
      await b.context.close();
    }
  });
});

describe('scenarios on the example site (issue 10)', () => {
  /** The guide's current step in widget `id` (its shadow root). */
  const step = (page, id) => widget(page, id).locator('[data-guide]').getAttribute('data-step');

  it('the practice page carries its own scenario as inert YAML, beside a built-in one', () => {
    for (const lang of ['ko', 'en']) {
      const html = fs.readFileSync(`${out}/${lang}/practice/index.html`, 'utf8');
      assert.equal((html.match(/<div class="paperkube"/g) ?? []).length, 2, `${lang}: two widgets`);
      assert.match(html, /data-scenario="break-and-fix"/);
      assert.match(html, /<div class="paperkube"[^>]*data-id="scale-web"[^>]*><script type="application\/yaml" data-paperkube-scenario>\s*name: scale-web\n/);
      const scripts = html.match(/<script\b[^>]*>/g) ?? [];
      for (const s of scripts) assert.ok(/\bsrc=|type="text\/x-kubectl"|type="application\/yaml"/.test(s), `executable inline script: ${s}`);
    }
  });

  for (const [lang, words] of [
    ['ko', { title: 'Deployment 늘려 보기', builtIn: '망가뜨리고 고치기', summary: '정리' }],
    ['en', { title: 'Scale a Deployment up', builtIn: 'Break and fix', summary: 'Summary' }],
  ]) {
    it(`the inline scenario plays through in ${lang}; each widget keeps its own progress over a reload`, { timeout: 90_000 }, async () => {
      const { page, context, problems } = await open(`${lang}/practice/`, { viewport: { width: 1100, height: 4000 } });
      try {
        await waitRunning(page, 'break-and-fix');
        await waitRunning(page, 'scale-web');
        const inline = widget(page, 'scale-web');
        await inline.locator('[data-guide="scale-web"]').waitFor();
        assert.match(await inline.locator('.pk-guide-title').innerText(), new RegExp(words.title));
        assert.match(await widget(page, 'break-and-fix').locator('.pk-guide-title').innerText(), new RegExp(words.builtIn));
        // The inline scenario's panels: time, pods, console; no break-and-fix buttons.
        assert.equal(await inline.locator('.pk-actions').count(), 0);
        assert.equal(await inline.locator('.pk-panels').count(), 1);
        // Its start script ran: web with two pods.
        await inline.locator('[data-deployment="web"]').waitFor();

        // A wrong try shows the hint; the right one passes (the guide checks the cluster).
        await runCommand(page, 'scale-web', 'kubectl scale deployment web --replicas=3');
        await inline.locator('.pk-guide-hint').waitFor();
        assert.equal(await step(page, 'scale-web'), '1');
        await runCommand(page, 'scale-web', 'kubectl scale deployment web --replicas=4');
        await inline.locator('[data-guide][data-step="2"]').waitFor();
        const stepButton = inline.locator('button[data-action="step"]');
        for (let i = 0; i < 60 && (await step(page, 'scale-web')) === '2'; i++) await stepButton.click();
        assert.equal(await step(page, 'scale-web'), '3');
        await runCommand(page, 'scale-web', 'kubectl get deploy,rs,pods');
        await inline.locator('button[data-action="guide-next"]').click();
        await inline.locator('[data-guide][data-finished="true"]').waitFor();
        assert.match(await inline.locator('.pk-guide-summary').innerText(), new RegExp(words.summary));
        // The other widget on the page did not move.
        assert.equal(await step(page, 'break-and-fix'), '1');

        await page.reload({ waitUntil: 'load' });
        await waitRunning(page, 'scale-web');
        await waitRunning(page, 'break-and-fix');
        await widget(page, 'scale-web').locator('[data-guide][data-finished="true"]').waitFor();
        assert.equal(await step(page, 'break-and-fix'), '1');
        assert.deepEqual(listProblems(problems), []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('measured (printed, and kept in e2e/artifacts/embed-measure.json)', () => {
  it('load time to two running widgets, wasm memory per instance, JS heap', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await newPage(browser, allowed, { viewport: { width: 1100, height: 3000 } });
    try {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const t0 = Date.now();
      await page.goto(server.base + 'en/replicaset-deployment/', { waitUntil: 'load' });
      await waitRunning(page, 'replicaset');
      await waitRunning(page, 'rollout');
      const loadMs = Date.now() - t0;
      const heap = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
      const m = await page.evaluate(() => ({
        memory: window.paperkube.memory(),
        nav: performance.getEntriesByType('navigation')[0]?.domContentLoadedEventEnd ?? 0,
        resources: performance.getEntriesByType('resource').map((r) => ({ name: r.name.replace(location.origin, ''), kb: Math.round(r.transferSize / 1024) })),
      }));
      const figures = {
        loadToTwoRunningWidgetsMs: loadMs,
        wasmLinearMemoryPerInstanceMB: m.memory.map((b) => +(b / 1048576).toFixed(2)),
        jsHeapUsedMB: +((await heap()) / 1048576).toFixed(2),
        resources: m.resources,
      };
      // The cost of one more instance: crash one (its memory is dropped) and reset it.
      console.log('embedding figures:', JSON.stringify(figures));
      saveArtifact('embed-measure.json', Buffer.from(JSON.stringify(figures, null, 2)));
      assert.equal(figures.wasmLinearMemoryPerInstanceMB.length, 2);
      assert.ok(figures.wasmLinearMemoryPerInstanceMB.every((mb) => mb > 0 && mb < 64), 'a few MB each');
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});

describe('offline for the hosted site (optional service worker)', () => {
  it('a page visited once keeps working with the network gone', { timeout: 90_000 }, async () => {
    const sw = await serveUnderPrefix();
    const site = buildSite(sw.base, { extraConfig: 'sw.toml' });
    // What docs/embedding.md tells the author: the worker at the site root (static/).
    fs.copyFileSync(`${site}/paperkube/paperkube-sw.js`, `${site}/paperkube-sw.js`);
    sw.setRoot(site);
    const { page, context, problems } = await newPage(browser, (url) => url.startsWith(sw.base), { viewport: { width: 1100, height: 3000 } });
    try {
      await page.goto(sw.base + 'ko/replicaset-deployment/', { waitUntil: 'load' });
      await waitRunning(page, 'rollout');
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20_000 });
      await page.reload({ waitUntil: 'load' }); // now fetched through the worker, and kept
      await waitRunning(page, 'rollout');
      const seen = sw.requests.length;
      await context.setOffline(true);
      await page.reload({ waitUntil: 'load' });
      await waitRunning(page, 'replicaset');
      await waitRunning(page, 'rollout');
      await runCommand(page, 'rollout', CREATE);
      await waitForLog(page, 'rollout', /deployment\.apps\/web created/);
      assert.equal(sw.requests.length, seen, 'nothing reached the server while offline');
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
      await sw.close();
      fs.rmSync(site, { recursive: true, force: true });
    }
  });
});
