// Frame cost: 100 pods at 60×. The widget advances the engine, takes a snapshot and renders on
// each 100 ms tick; this measures the main thread's script and layout time per tick through the
// DevTools protocol (Performance.getMetrics) and writes the figures to e2e/artifacts/perf.json.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, listProblems, waitForMount, saveArtifact } from './helpers.mjs';
import { W, waitForLog, waitForPods } from './ui-helpers.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

describe('performance', () => {
  it('100 pods at 60×: the work per tick stays small', { timeout: 180_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?lang=en&speed=60');
    try {
      await waitForMount(page, problems);
      const input = page.locator(`${W} input[aria-label="kubectl"]`);
      await input.fill('kubectl create deployment big --image=nginx:1.25.3 --replicas=100');
      await input.press('Enter');
      await waitForLog(page, /deployment\.apps\/big created/);
      await page.locator(`${W} button[data-action="play"]`).click();
      await waitForPods(page, `(ps) => ps.length === 100 && ps.every((p) => p.status === 'Running')`, 120_000);

      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const seconds = 10;
      // Steady state (all running, the clock and AGE columns moving) and then a rollout's churn.
      const a = await metrics(cdp);
      await page.waitForTimeout(seconds * 1000);
      const b = await metrics(cdp);
      await input.fill('kubectl get pods');
      await page.locator(`${W} button[data-action="view-table"]`).click();
      await page.locator(`${W} button[data-action="view-picture"]`).click();
      const ticks = (seconds * 1000) / 100;
      const perTick = (k) => ((b[k] - a[k]) * 1000) / ticks;
      const figures = {
        pods: 100,
        speed: 60,
        seconds,
        ticks,
        scriptMsPerTick: +perTick('ScriptDuration').toFixed(2),
        layoutMsPerTick: +perTick('LayoutDuration').toFixed(2),
        styleMsPerTick: +perTick('RecalcStyleDuration').toFixed(2),
        taskMsPerTick: +perTick('TaskDuration').toFixed(2),
      };
      saveArtifact('perf.json', Buffer.from(JSON.stringify(figures, null, 2)));
      console.log('frame cost', figures);
      // A 100 ms tick must leave the main thread mostly idle.
      assert.ok(figures.taskMsPerTick < 50, `main-thread work per tick: ${figures.taskMsPerTick} ms`);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});
