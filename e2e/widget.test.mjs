// End-to-end tests of the real release bundle (dist/ from `trunk build --release`) in Debian's
// headless Chromium. They check what a reader of a documentation page sees and does: the widget
// mounts, the DOM contract of issue 3 holds, and a Deployment typed into the console becomes three
// Running pods on screen and in `kubectl get pods`.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, openPage, listProblems, waitForMount, saveArtifact, ROOT } from './helpers.mjs';

const CREATE = 'kubectl create deployment web --image=nginx:1.25.3 --replicas=3';
const ACTIONS = ['play', 'pause', 'step', 'faster', 'slower', 'reset'];

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

async function runCommand(page, line) {
  const input = page.locator('div.paperkube input[aria-label="kubectl"]');
  await input.fill(line);
  await input.press('Enter');
}

async function logText(page) {
  return page.locator('div.paperkube [role="log"]').first().innerText();
}

async function runningPods(page) {
  return page.locator('[data-pod][data-status="Running"]').count();
}

async function waitForLog(page, pattern, timeout = 5000) {
  await page.waitForFunction(
    ([src, flags]) => new RegExp(src, flags).test(document.querySelector('div.paperkube [role="log"]')?.innerText ?? ''),
    [pattern.source, pattern.flags],
    { timeout },
  );
}

describe('demo page (release bundle)', () => {
  it('loads, mounts the widget into div.paperkube, and logs no error', async () => {
    const { page, context, problems } = await openPage(env);
    try {
      assert.equal(await page.locator('html').getAttribute('lang'), 'en');
      assert.equal(await page.locator('div.paperkube').count(), 1, 'the demo page holds one widget');
      await waitForMount(page, problems);
      await page.waitForTimeout(300); // let any late error surface
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('has the DOM contract: kubectl input, log, time controls', async () => {
    const { page, context, problems } = await openPage(env);
    try {
      await waitForMount(page, problems);
      const widget = page.locator('div.paperkube');
      assert.equal(await widget.locator('input[aria-label="kubectl"]').count(), 1, 'one input[aria-label="kubectl"]');
      assert.ok((await widget.locator('[role="log"]').count()) >= 1, 'an element with role="log"');
      for (const action of ACTIONS) {
        const button = widget.locator(`button[data-action="${action}"]`);
        assert.equal(await button.count(), 1, `one <button data-action="${action}">`);
        assert.ok(await button.isVisible(), `button ${action} is visible`);
      }
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
  it('takes ?lang=ko and ?speed=N from the query string', async () => {
    const { page, context, problems } = await openPage(env, '/?lang=ko&speed=60');
    try {
      await waitForMount(page, problems);
      const widget = page.locator('div.paperkube');
      assert.equal(await widget.locator('[lang]').first().getAttribute('lang'), 'ko');
      assert.equal(await widget.locator('button[data-action="play"]').getAttribute('aria-label'), '재생');
      assert.match(await widget.locator('[role="toolbar"]').innerText(), /60×/, 'the speed shown is 60×');
      // For a human check that Hangul renders (Debian fonts-nanum), not compared by the test.
      saveArtifact('screenshot-ko.png', await page.locator('main').screenshot());
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});

describe('slice: a Deployment typed in the console', () => {
  it('becomes 3 Running pods when stepped, drawn as Deployment, ReplicaSet and Pods; reset clears them', { timeout: 120_000 }, async () => {
    const { page, context, problems } = await openPage(env);
    try {
      await waitForMount(page, problems);
      await runCommand(page, CREATE);
      await waitForLog(page, /deployment\.apps\/web created/);
      // Commands do not advance time: nothing is Running before the clock moves.
      assert.equal(await runningPods(page), 0, 'no pod is Running before time advances');

      const step = page.locator('div.paperkube button[data-action="step"]');
      let presses = 0;
      while ((await runningPods(page)) < 3 && presses < 300) {
        assert.ok(
          await step.isEnabled(),
          `step is enabled while the Deployment is not yet Running (after ${presses} presses)`,
        );
        await step.click();
        presses += 1;
      }
      assert.equal(await runningPods(page), 3, `3 Running pods after ${presses} presses of step`);
      assert.equal(await page.locator('[data-pod]').count(), 3, 'exactly 3 pods drawn');

      const pods = await page
        .locator('[data-pod]')
        .evaluateAll((els) => els.map((e) => ({ name: e.dataset.pod, ready: e.dataset.ready })));
      for (const pod of pods) {
        assert.match(pod.name, /^web-[a-z0-9]{6,10}-[a-z0-9]{5}$/, 'pod named like a Deployment pod');
        assert.equal(pod.ready, '1/1', `${pod.name} is ready`);
      }
      assert.equal(await page.locator('[data-deployment="web"]').count(), 1, 'the Deployment is drawn');
      const rs = page.locator('[data-replicaset]');
      assert.equal(await rs.count(), 1, 'one ReplicaSet drawn');
      assert.match(await rs.getAttribute('data-replicaset'), /^web-[a-z0-9]{6,10}$/);
      assert.equal(await rs.getAttribute('data-desired'), '3');
      assert.equal(await rs.getAttribute('data-current'), '3');
      assert.equal(await rs.getAttribute('data-ready'), '3');

      // Reset puts the cluster back where the (empty) scenario starts: no pods.
      await page.locator('div.paperkube button[data-action="reset"]').click();
      await page.waitForFunction(() => document.querySelectorAll('[data-pod]').length === 0, null, {
        timeout: 5000,
      });
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('becomes 3 Running pods while the clock plays, and kubectl get pods lists them', { timeout: 120_000 }, async () => {
    const { page, context, problems } = await openPage(env);
    try {
      await waitForMount(page, problems);
      await runCommand(page, CREATE);
      await waitForLog(page, /deployment\.apps\/web created/);
      await page.locator('div.paperkube button[data-action="play"]').click();
      await page.waitForFunction(
        () => document.querySelectorAll('[data-pod][data-status="Running"]').length === 3,
        null,
        { timeout: 90_000, polling: 250 },
      );
      assert.equal(await page.locator('[data-pod]').count(), 3, 'exactly 3 pods drawn');
      await page.locator('div.paperkube button[data-action="pause"]').click();
      const pods = await page
        .locator('[data-pod]')
        .evaluateAll((els) => els.map((e) => ({ name: e.dataset.pod, ready: e.dataset.ready })));

      await runCommand(page, 'kubectl get pods');
      await waitForLog(page, /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/);
      const lines = (await logText(page)).split('\n');
      const rows = lines.filter((l) => /^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+$/.test(l.trim()));
      assert.equal(rows.length, 3, `kubectl get pods prints 3 Running rows; log was:\n${lines.join('\n')}`);
      for (const pod of pods) {
        assert.ok(
          rows.some((r) => r.trim().startsWith(pod.name + ' ')),
          `${pod.name} is in kubectl get pods`,
        );
      }

      // The README's screenshot comes from here (PAPERKUBE_UPDATE_SCREENSHOT=1 refreshes docs/).
      const shot = await page.locator('main').screenshot();
      saveArtifact('screenshot.png', shot);
      if (process.env.PAPERKUBE_UPDATE_SCREENSHOT === '1') {
        fs.writeFileSync(path.join(ROOT, 'docs', 'screenshot.png'), shot);
      }

      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});
