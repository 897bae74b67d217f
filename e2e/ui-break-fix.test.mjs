// The widget's UI end to end, on the release bundle: a reader breaks and fixes the example
// Deployment with the mouse alone and with the keyboard alone, in English and Korean; every
// picture agrees with `kubectl get pods` at the same instant; the side panel, the table view
// and the kubectl tabs show what the engine prints; axe-core finds nothing serious.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, listProblems, waitForMount, saveArtifact } from './helpers.mjs';
import {
  W,
  logText,
  waitForLog,
  pods,
  waitForPods,
  tabTo,
  pictureAgreesWithKubectl,
  axeSerious,
  unknownCommand,
} from './ui-helpers.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const allRunning = `(ps) => ps.length === 3 && ps.every((p) => p.status === 'Running' && p.ready === '1/1')`;

/** Create the example with the mouse and step until its three pods run. */
async function exampleByMouse(page) {
  await page.locator(`${W} button[data-action="create-example"]`).click();
  await waitForLog(page, /deployment\.apps\/web created/);
  const step = page.locator(`${W} button[data-action="step"]`);
  for (let i = 0; i < 50 && (await pods(page)).filter((p) => p.status === 'Running').length < 3; i += 1) {
    await step.click();
  }
  await waitForPods(page, allRunning, 5000);
}

describe('mouse only', () => {
  it('creates the example, shows the rollout arithmetic, opens a pod, switches views and tabs', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en');
    try {
      await waitForMount(page, problems);
      await exampleByMouse(page);
      assert.deepEqual(await pictureAgreesWithKubectl(page), []);

      // replicas 3, default 25%/25%: at most 4 pods at once, keep at least 3 available.
      const meter = page.locator(`${W} .pk-rollout`);
      assert.equal(await meter.getAttribute('data-max-pods'), '4');
      assert.equal(await meter.getAttribute('data-min-available'), '3');
      assert.match(await meter.innerText(), /keep at least 3 available \(replicas 3 − maxUnavailable 0\)/);
      assert.equal(await page.locator(`${W} .pk-slot`).count(), 4);

      // The side panel: phase beside STATUS, the lifecycle with Running current, describe events.
      const first = (await pods(page))[0].name;
      await page.locator(`${W} [data-pod="${first}"] button`).click();
      const side = page.locator(`${W} aside[data-selected-pod="${first}"]`);
      await side.waitFor();
      assert.equal(await side.locator('[data-field="phase"]').innerText(), 'Running');
      assert.match(await side.locator('[data-field="status"]').innerText(), /Running/);
      assert.equal(await side.locator('[aria-current="step"]').getAttribute('data-phase'), 'Running');
      const describe = await side.locator('[data-panel="describe-pod"]').innerText();
      assert.match(describe, new RegExp(`^Name:\\s+${first}`));
      assert.match(describe, /Normal\s+Pulling/);
      assert.match(describe, /Normal\s+Started/);
      await side.locator('button[data-action="close-pod"]').click();
      assert.equal(await page.locator(`${W} aside`).count(), 0);

      // The table view holds the same pods; the picture comes back.
      await page.locator(`${W} button[data-action="view-table"]`).click();
      assert.equal(await page.locator(`${W} table[data-view="table"] tbody tr`).count(), 3);
      assert.equal(await page.locator(`${W} [data-pod]`).count(), 0);
      await page.locator(`${W} button[data-action="view-picture"]`).click();
      assert.equal(await page.locator(`${W} [data-pod]`).count(), 3);

      // kubectl tabs print the engine's get rs / get deploy / get events.
      await page.locator(`${W} [data-tab="get-rs"]`).click();
      assert.match(await page.locator(`${W} [data-panel="get-rs"]`).innerText(), /^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nweb-\S+\s+3\s+3\s+3\s/);
      await page.locator(`${W} [data-tab="get-deploy"]`).click();
      assert.match(await page.locator(`${W} [data-panel="get-deploy"]`).innerText(), /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+3\/3\s+3\s+3\s/);
      await page.locator(`${W} [data-tab="get-events"]`).click();
      assert.match(await page.locator(`${W} [data-panel="get-events"]`).innerText(), /ScalingReplicaSet/);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('loses a node: its pods grey, then power comes back (en)', { timeout: 120_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en&speed=60');
    try {
      await waitForMount(page, problems);
      await exampleByMouse(page);
      const first = (await pods(page))[0];
      await page.locator(`${W} [data-pod="${first.name}"] button`).click();
      await page.locator(`${W} button[data-action="lose-node"]`).click();
      await waitForLog(page, /# \S+: power off/);
      const node = (await logText(page)).match(/# (\S+): power off/)[1];
      // Nothing changes in the API until the node controller notices (50 s): play at 60×.
      await page.locator(`${W} button[data-action="play"]`).click();
      await page.waitForSelector(`${W} [data-node="${node}"][data-node-ready="Unknown"]`, { timeout: 30_000 });
      await waitForPods(page, `(ps) => ps.some((p) => p.lost)`, 10_000);
      await page.locator(`${W} button[data-action="pause"]`).click();
      assert.deepEqual(await pictureAgreesWithKubectl(page), []);
      await page.locator(`${W} button[data-action="power-on"]`).click();
      await waitForLog(page, new RegExp(`# ${node}: power on`));
      await page.locator(`${W} button[data-action="play"]`).click();
      await page.waitForSelector(`${W} [data-node="${node}"][data-node-ready="True"]`, { timeout: 30_000 });
      await page.locator(`${W} button[data-action="pause"]`).click();
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('rolls out a bad image and undoes it (ErrImagePull → ImagePullBackOff, old pods kept)', { timeout: 120_000 }, async (t) => {
    const { page, context, problems } = await openPage(env, '/?lang=en&speed=60');
    try {
      await waitForMount(page, problems);
      await exampleByMouse(page);
      await page.locator(`${W} button[data-action="bad-image"]`).click();
      await page.waitForTimeout(200);
      if (unknownCommand(await logText(page), 'set')) {
        t.skip('the engine has no `kubectl set image` yet');
        return;
      }
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, `(ps) => ps.some((p) => /ErrImagePull|ImagePullBackOff/.test(p.status))`, 30_000);
      await page.locator(`${W} button[data-action="pause"]`).click();
      // maxUnavailable 0: the three old pods keep running while the new one cannot pull.
      assert.equal((await pods(page)).filter((p) => p.status === 'Running').length, 3);
      assert.equal(await page.locator(`${W} [data-replicaset]`).count(), 2, 'two lanes: old and new');
      assert.deepEqual(await pictureAgreesWithKubectl(page), []);
      await page.locator(`${W} button[data-action="undo"]`).click();
      await page.waitForTimeout(200);
      if (unknownCommand(await logText(page), 'rollout')) {
        t.skip('the engine has no `kubectl rollout undo` yet');
        return;
      }
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, allRunning, 30_000);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});

describe('mouse only: break and fix through the real cause', () => {
  it('makes a container crash: CrashLoopBackOff with its back-off countdown, then undo', { timeout: 120_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en&speed=60');
    try {
      await waitForMount(page, problems);
      await exampleByMouse(page);
      await page.locator(`${W} button[data-action="crash"]`).click();
      await waitForLog(page, /deployment\.apps\/web configured/);
      assert.match(await logText(page), /\$ kubectl apply -f - <<EOF[\s\S]*exit 1[\s\S]*EOF/);
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, `(ps) => ps.some((p) => p.status === 'CrashLoopBackOff')`, 30_000);
      await page.locator(`${W} button[data-action="pause"]`).click();
      assert.deepEqual(await pictureAgreesWithKubectl(page), []);
      const crashing = page.locator(`${W} [data-pod][data-status="CrashLoopBackOff"]`).first();
      assert.match(await crashing.innerText(), /restart in \d+s/);
      assert.equal(await crashing.locator('.pk-bar-backoff').count(), 1);
      // Its side panel shows Running phase beside the CrashLoopBackOff STATUS, and the last state.
      await crashing.locator('button').click();
      const side = page.locator(`${W} aside`);
      assert.equal(await side.locator('[data-field="phase"]').innerText(), 'Running');
      assert.match(await side.locator('[data-field="status"]').innerText(), /CrashLoopBackOff/);
      assert.match(await side.locator('.pk-containers').innerText(), /Terminated: Error \(exit code 1\)/);
      assert.match(await page.locator(`${W} [data-live="announcements"]`).innerText(), /CrashLoopBackOff/);
      await page.locator(`${W} button[data-action="undo"]`).click();
      await waitForLog(page, /deployment\.apps\/web rolled back/);
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, allRunning, 30_000);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('fails a readiness probe: the rollout waits at the floor; a strategy with maxUnavailable 1 lets it go on', { timeout: 120_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en&speed=60');
    try {
      await waitForMount(page, problems);
      await exampleByMouse(page);
      await page.locator(`${W} button[data-action="readiness-fail"]`).click();
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, `(ps) => ps.length === 4 && ps.some((p) => p.status === 'Running' && p.ready === '0/1')`, 30_000);
      await page.locator(`${W} button[data-action="pause"]`).click();
      assert.match(await page.locator(`${W} .pk-rollout`).innerText(), /the controller waits/);
      await page.locator(`${W} [data-form="strategy"] input[data-field="max-unavailable"]`).fill('1');
      await page.locator(`${W} button[data-action="strategy"]`).click();
      await waitForLog(page, /deployment\.apps\/web configured/);
      assert.equal(await page.locator(`${W} .pk-rollout`).getAttribute('data-min-available'), '2');
      await page.locator(`${W} button[data-action="undo"]`).click();
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, allRunning, 30_000);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});

describe('keyboard only', () => {
  it('reaches every control with Tab, runs the example, opens a pod with Enter, deletes it (ko)', { timeout: 90_000 }, async (t) => {
    const { page, context, problems } = await openPage(env, '/?lang=ko');
    try {
      await waitForMount(page, problems);
      assert.equal(await page.locator(`${W} .pk-root`).getAttribute('lang'), 'ko');
      await tabTo(page, `${W} button[data-action="create-example"]`);
      await page.keyboard.press('Enter');
      await waitForLog(page, /deployment\.apps\/web created/);
      // Step with the keyboard until the three pods run.
      await page.locator(`${W} input[aria-label="kubectl"]`).focus();
      await page.evaluate(() => document.activeElement.blur());
      await tabTo(page, `${W} button[data-action="step"]`);
      for (let i = 0; i < 50 && (await pods(page)).filter((p) => p.status === 'Running').length < 3; i += 1) {
        await page.keyboard.press('Enter');
      }
      await waitForPods(page, allRunning, 5000);
      // Every control is reachable.
      for (const sel of [
        'button[data-action="faster"]',
        '[data-pod] button',
        'button[data-action="view-table"]',
        'button[data-action="delete-pod"]',
        'button[data-action="lose-node"]',
        'button[data-action="undo"]',
        '[data-form="scale"] input',
        '[data-form="strategy"] input[type="radio"]:checked',
        'button[data-action="max-surge-up"]',
        '[data-tab="get-rs"]',
        'input[aria-label="kubectl"]',
      ]) {
        await page.evaluate(() => document.activeElement?.blur());
        await tabTo(page, `${W} ${sel}`);
      }
      // Open the first pod with Enter: the panel is in Korean, kubectl text stays English.
      await page.evaluate(() => document.activeElement?.blur());
      await tabTo(page, `${W} [data-pod] button`);
      await page.keyboard.press('Enter');
      const side = page.locator(`${W} aside`);
      await side.waitFor();
      assert.match(await side.innerText(), /kubectl STATUS 컬럼/);
      assert.match(await side.locator('[data-panel="describe-pod"]').innerText(), /Events:/);
      // Delete it by keyboard.
      await tabTo(page, `${W} button[data-action="delete-pod"]`);
      await page.keyboard.press('Enter');
      await page.waitForTimeout(200);
      if (unknownCommand(await logText(page), 'delete')) {
        t.skip('the engine has no `kubectl delete` yet');
        return;
      }
      await waitForLog(page, /pod "web-\S+" deleted/);
      await waitForPods(page, `(ps) => ps.some((p) => p.status === 'Terminating')`, 5000);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});

describe('accessibility', () => {
  for (const scheme of ['light', 'dark']) {
    it(`axe-core finds no serious or critical issue (${scheme}, pod selected and table view)`, { timeout: 60_000 }, async () => {
      const { page, context, problems } = await openPage(env, '/?lang=ko');
      try {
        await page.emulateMedia({ colorScheme: scheme });
        await waitForMount(page, problems);
        await exampleByMouse(page);
        await page.locator(`${W} [data-pod] button`).first().click();
        await page.locator(`${W} aside`).waitFor();
        assert.deepEqual(await axeSerious(page), []);
        await page.locator(`${W} button[data-action="view-table"]`).click();
        assert.deepEqual(await axeSerious(page), []);
        assert.deepEqual(listProblems(problems), []);
      } finally {
        await context.close();
      }
    });
  }

  it('prefers-reduced-motion: no animation or transition, the same labels and bars', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en');
    try {
      await page.emulateMedia({ reducedMotion: 'reduce' });
      await waitForMount(page, problems);
      await page.locator(`${W} button[data-action="create-example"]`).click();
      await page.locator(`${W} button[data-action="step"]`).click();
      await page.locator(`${W} .pk-pod-bar`).first().waitFor();
      const motion = await page.evaluate(() => {
        const pod = document.querySelector('div.paperkube [data-pod]');
        const fill = document.querySelector('div.paperkube .pk-pod-bar-fill');
        return [getComputedStyle(pod).animationName, getComputedStyle(fill).transitionDuration];
      });
      assert.deepEqual(motion, ['none', '0s']);
      assert.match(await page.locator(`${W} [data-pod]`).first().innerText(), /pulling image \d+s/);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });

  it('announces state changes politely', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en');
    try {
      await waitForMount(page, problems);
      await exampleByMouse(page);
      const live = page.locator(`${W} [data-live="announcements"]`);
      assert.equal(await live.getAttribute('aria-live'), 'polite');
      assert.match(await live.innerText(), /pod web-\S+: Running, restart 0/);
    } finally {
      await context.close();
    }
  });
});

describe('screenshots (e2e/artifacts/ui-*.png)', () => {
  for (const lang of ['en', 'ko']) {
    for (const scheme of ['light', 'dark']) {
      it(`${lang} ${scheme}: laptop with a pod selected, and a 360 px phone`, { timeout: 90_000 }, async () => {
        const { page, context, problems } = await openPage(env, `/?lang=${lang}&speed=60`);
        try {
          await page.emulateMedia({ colorScheme: scheme });
          await waitForMount(page, problems);
          await exampleByMouse(page);
          // A rollout in progress: the new image's pod pulls (its bar) beside the old lane.
          await page.locator(`${W} button[data-action="set-image"]`).click();
          await waitForLog(page, /deployment\.apps\/web image updated/);
          const step = page.locator(`${W} button[data-action="step"]`);
          for (let i = 0; i < 5 && (await page.locator(`${W} .pk-pod-bar`).count()) === 0; i += 1) await step.click();
          assert.equal(await page.locator(`${W} [data-replicaset]`).count(), 2, 'old and new lanes');
          assert.ok((await page.locator(`${W} .pk-bar-pull`).count()) >= 1, 'a pull bar');
          assert.deepEqual(await pictureAgreesWithKubectl(page), []);
          saveArtifact(`ui-rollout-${lang}-${scheme}.png`, await page.screenshot({ fullPage: true }));
          await page.locator(`${W} [data-pod] button`).first().click();
          saveArtifact(`ui-running-${lang}-${scheme}.png`, await page.screenshot({ fullPage: true }));
          await page.locator(`${W} button[data-action="lose-node"]`).click();
          await page.locator(`${W} button[data-action="play"]`).click();
          await waitForPods(page, `(ps) => ps.some((p) => p.lost)`, 30_000);
          await page.locator(`${W} button[data-action="pause"]`).click();
          saveArtifact(`ui-node-lost-${lang}-${scheme}.png`, await page.screenshot({ fullPage: true }));
          await page.setViewportSize({ width: 360, height: 800 });
          saveArtifact(`ui-phone-${lang}-${scheme}.png`, await page.screenshot({ fullPage: true }));
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
          assert.ok(overflow <= 360, `no horizontal scroll at 360 px (page is ${overflow} px wide)`);
          assert.deepEqual(listProblems(problems), []);
        } finally {
          await context.close();
        }
      });
    }
  }
});
