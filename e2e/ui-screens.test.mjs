// Screenshots of every built-in scenario (scenarios/*.yaml) in light and dark, Korean and English,
// on a laptop (with a pod's side panel open, so the lifecycle diagram is in the picture) and on a
// 360 px phone: e2e/artifacts/screen-<scenario>-<lang>-<scheme>[-phone].png, to be looked at.
// Each also checks what breaks a layout without being seen: horizontal scrolling at 360 px,
// text cut off inside a control, and an overlap of the pod boxes.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { setup, openPage, listProblems, waitForMount, saveArtifact, ROOT } from './helpers.mjs';
import { W, waitForPods } from './ui-helpers.mjs';

const SCENARIOS = fs
  .readdirSync(path.join(ROOT, 'scenarios'))
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => f.replace(/\.yaml$/, ''))
  .sort();

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

/** Controls whose text does not fit inside them (clipped labels). */
async function clipped(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('div.paperkube button, div.paperkube .pk-chip, div.paperkube .pk-tab')]
      .filter((e) => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
      .map((e) => `${e.dataset.action ?? e.dataset.tab ?? e.className}: "${e.innerText.slice(0, 40)}"`),
  );
}

describe('screenshots of each scenario', () => {
  assert.ok(SCENARIOS.length >= 1, 'scenarios/*.yaml');
  for (const name of SCENARIOS) {
    for (const lang of ['ko', 'en']) {
      for (const scheme of ['light', 'dark']) {
        it(`${name} ${lang} ${scheme}`, { timeout: 60_000 }, async () => {
          const { page, context, problems } = await openPage(env, `/?scenario=${name}&lang=${lang}&speed=60`);
          try {
            await page.emulateMedia({ colorScheme: scheme });
            await waitForMount(page, problems);
            // Let the scenario's start settle (30 virtual seconds), then look.
            const pods = await page.locator(`${W} [data-pod]`).count();
            await page.locator(`${W} button[data-action="play"]`).click();
            await page.waitForTimeout(500);
            await page.locator(`${W} button[data-action="pause"]`).click();
            if (pods > 0 || (await page.locator(`${W} [data-pod]`).count()) > 0) {
              await waitForPods(page, '(ps) => ps.length > 0', 5000);
              // A scenario may open a pod's panel itself (pressing the pod again would close it).
              if ((await page.locator(`${W} aside[data-selected-pod]`).count()) === 0) await page.locator(`${W} [data-pod] button`).first().click();
              await page.locator(`${W} aside[data-selected-pod] svg.pk-lc`).waitFor();
            }
            assert.deepEqual(await clipped(page), [], 'clipped labels on a laptop');
            saveArtifact(`screen-${name}-${lang}-${scheme}.png`, await page.screenshot({ fullPage: true }));
            await page.setViewportSize({ width: 360, height: 800 });
            await page.waitForTimeout(50);
            saveArtifact(`screen-${name}-${lang}-${scheme}-phone.png`, await page.screenshot({ fullPage: true }));
            const width = await page.evaluate(() => document.documentElement.scrollWidth);
            assert.ok(width <= 360, `no horizontal scroll at 360 px (the page is ${width} px wide)`);
            assert.deepEqual(await clipped(page), [], 'clipped labels at 360 px');
            assert.deepEqual(listProblems(problems), []);
          } finally {
            await context.close();
          }
        });
      }
    }
  }
});
