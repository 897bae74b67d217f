// Accessibility: axe-core (shipped by npm, injected from node_modules, nothing fetched) checks the
// demo page against WCAG 2.1 A/AA and axe's best practices, empty and with a Deployment drawn,
// in English and in Korean. Any violation fails with axe's own explanation.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { setup, openPage, listProblems, waitForMount } from './helpers.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const RULESETS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

async function violations(page) {
  // Check colours at rest: a box still fading in or changing tone blends its colours.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {}))));
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate((tags) => window.axe.run(document, { runOnly: tags }), RULESETS);
  return result.violations.map(
    (v) =>
      `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×, e.g. ${v.nodes[0].target.join(' ')}: ${v.nodes[0].failureSummary})`,
  );
}

async function drawDeployment(page) {
  const input = page.locator('div.paperkube input[aria-label="kubectl"]');
  await input.fill('kubectl create deployment web --image=nginx:1.25.3 --replicas=3');
  await input.press('Enter');
  const step = page.locator('div.paperkube button[data-action="step"]');
  for (let i = 0; i < 50 && (await step.isEnabled()); i++) await step.click();
  await page.waitForSelector('[data-pod][data-status="Running"]');
}

describe('accessibility (axe-core, WCAG 2.1 AA)', () => {
  for (const lang of ['en', 'ko']) {
    it(`has no violations, empty and with a Deployment drawn (${lang})`, async () => {
      const { page, context, problems } = await openPage(env, `/?lang=${lang}`);
      try {
        await waitForMount(page, problems);
        assert.deepEqual(await violations(page), [], 'empty widget');
        await drawDeployment(page);
        assert.deepEqual(await violations(page), [], 'widget with a Deployment, a ReplicaSet and pods');
        assert.deepEqual(listProblems(problems), []);
      } finally {
        await context.close();
      }
    });
  }
});
