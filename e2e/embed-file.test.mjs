// The downloaded copy (issue 8): the example site built by the real hugo with offline.toml
// (relative URLs, .html pages, the loader with the wasm inside: dist/paperkube/paperkube-offline.js)
// and opened from disk, file://, in Chromium. No server at all; any request that is not a file of
// the built site fails the test.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { pathToFileURL } from 'node:url';
import { buildSite, launch, listProblems, logText, newPage, requireBundle, runCommand, waitForLog, waitRunning, widget } from './embed-lib.mjs';
import { saveArtifact } from './helpers.mjs';

let out, browser, base;

before(async () => {
  requireBundle();
  out = buildSite('/', { extraConfig: 'offline.toml' });
  base = pathToFileURL(out).href + '/';
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

describe('the example site opened from disk (file://)', () => {
  it('hugo wrote relative links to the offline loader', () => {
    const html = fs.readFileSync(`${out}/ko/replicaset-deployment.html`, 'utf8');
    assert.match(html, /<script src="\.\.\/paperkube\/paperkube-offline\.js" defer><\/script>/);
    assert.ok(fs.existsSync(`${out}/paperkube/paperkube-offline.js`));
  });

  for (const lang of ['ko', 'en']) {
    it(`${lang}: two independent widgets work from file://`, { timeout: 90_000 }, async () => {
      const { page, context, problems } = await newPage(browser, (url) => url.startsWith(base), { viewport: { width: 1100, height: 3000 } });
      try {
        await page.goto(`${base}${lang}/replicaset-deployment.html`, { waitUntil: 'load' });
        assert.equal(new URL(page.url()).protocol, 'file:');
        await waitRunning(page, 'replicaset', 30_000);
        await waitRunning(page, 'rollout', 30_000);
        assert.equal(await page.evaluate(() => window.paperkube.instances()), 2);
        await widget(page, 'replicaset').locator('[data-deployment="httpserver"]').waitFor();
        await runCommand(page, 'rollout', 'kubectl create deployment web --image=nginx:1.25.3 --replicas=2');
        await waitForLog(page, 'rollout', /deployment\.apps\/web created/);
        await widget(page, 'rollout').locator('button[data-action="play"]').click();
        await page.waitForFunction(
          () => document.querySelector('div.paperkube[data-id="rollout"]').shadowRoot.querySelectorAll('[data-pod][data-status="Running"]').length === 2,
          null,
          { timeout: 60_000 },
        );
        assert.equal(await widget(page, 'replicaset').locator('[data-deployment="web"]').count(), 0, 'the other widget is untouched');
        assert.doesNotMatch(await logText(page, 'replicaset'), /web created/);
        saveArtifact(`embed-file-${lang}.png`, await page.screenshot({ fullPage: true }));
        assert.deepEqual(listProblems(problems), []);
      } finally {
        await context.close();
      }
    });
  }
});
