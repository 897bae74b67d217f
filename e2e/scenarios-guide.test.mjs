// End-to-end tests of the scenario guide on the release bundle: each built-in scenario is opened
// on the demo page (`?scenario=NAME&lang=ko|en`) and played through as a reader would, in both
// languages: typing in the console, pressing play ▶ (at 60×) or step ⏭ as each step says, the
// guide's Next and power buttons, the widget's forms. Each step must pass on the engine's state and the summary must show.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, listProblems, waitForMount } from './helpers.mjs';

const W = 'div.paperkube';
let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

async function type(page, line) {
  const input = page.locator(`${W} input[aria-label="kubectl"]`);
  await input.fill(line);
  await input.press('Enter');
}

async function guideStep(page) {
  return Number(await page.locator(`${W} [data-guide]`).getAttribute('data-step'));
}

/** Waits (briefly) for the guide to leave step `n`; returns the step it is on. */
async function settled(page, n, timeout = 2000) {
  try {
    await page.waitForFunction(
      ([sel, from]) => Number(document.querySelector(sel)?.getAttribute('data-step')) !== from,
      [`${W} [data-guide]`, n],
      { timeout },
    );
  } catch {
    // still on step n: the caller decides whether that is right
  }
  return guideStep(page);
}

/** Presses step ⏭ until the guide leaves step `n`. */
async function stepUntilPast(page, n, limit = 300) {
  for (let i = 0; i < limit; i++) {
    if ((await guideStep(page)) !== n) return;
    const step = page.locator(`${W} button[data-action="step"]`);
    if (await step.isDisabled()) break;
    await step.click();
  }
  assert.notEqual(await guideStep(page), n, `step ${n} did not pass`);
}

/** Applies maxSurge / maxUnavailable to `web` with the widget's strategy form. */
async function strategyForm(page, surge, unavailable) {
  const target = page.locator(`${W} select[data-field="target"]`);
  if (await target.count()) await target.selectOption('web');
  await page.locator(`${W} [data-form="strategy"] input[data-field="max-surge"]`).fill(surge);
  await page.locator(`${W} [data-form="strategy"] input[data-field="max-unavailable"]`).fill(unavailable);
  await page.locator(`${W} button[data-action="strategy"]`).click();
}

/** The name of the first pod whose name starts with `prefix`. */
async function podName(page, prefix) {
  return page.locator(`${W} [data-pod^="${prefix}"]`).first().getAttribute('data-pod');
}

/** Presses play ▶ (the widget runs at 60×) until the guide leaves step `n`, then pause. */
async function playUntilPast(page, n = null, timeout = 30_000) {
  if (n === null) n = await guideStep(page);
  await page.locator(`${W} button[data-action="play"]`).click();
  try {
    await page.waitForFunction(
      ([sel, from]) => Number(document.querySelector(sel)?.getAttribute('data-step')) > from,
      [`${W} [data-guide]`, n],
      { timeout },
    );
  } finally {
    const pause = page.locator(`${W} button[data-action="pause"]`);
    if (await pause.count()) await pause.click();
  }
}

/** The guide's own Next button (steps that only ask the reader to look). */
async function next(page) {
  await page.locator(`${W} button[data-action="guide-next"]`).click();
}

// What a reader does at each step, as the step says: `play` = press play ▶ until the guide moves
// on, `step` = press step ⏭ until it does; a function types or presses what the step names. Each
// scenario does one step another correct way in English than in Korean (the checks read the
// cluster, not the text typed), so both ways are tested.
const PLANS = {
  'break-and-fix': [
    { wrong: async (p) => type(p, 'kubectl delete pod hello-server') },
    async (p) => type(p, `kubectl delete pod ${await podName(p, 'hello-server-')}`),
    'play',
    async (p) => type(p, 'kubectl set image deployment/hello-server hello-server=blux2/hello-server:1.9'),
    'play',
    async (p) => {
      await type(p, 'kubectl get events');
      await next(p);
    },
    // Another tag that exists is as good a fix as the one the step names.
    async (p, lang) =>
      type(p, `kubectl set image deployment/hello-server hello-server=blux2/hello-server:${lang === 'en' ? '1.2' : '1.1'}`),
    'play',
  ],
  replicaset: [
    async (p) => type(p, `kubectl delete pod ${await podName(p, 'httpserver-')}`),
    'play',
    { wrong: async (p) => type(p, 'kubectl scale rs httpserver --replicas=4') },
    async (p) => type(p, 'kubectl scale rs httpserver --replicas=5'),
    'play',
    async (p) => type(p, 'kubectl set image rs httpserver nginx=nginx:1.26'),
    async (p) => {
      await type(p, "kubectl get pods -o jsonpath='{.items[*].spec.containers[0].image}'");
      await next(p);
    },
    async (p, lang) => {
      // One Pod by name, or every Pod of the ReplicaSet by its label.
      await type(p, lang === 'en' ? 'kubectl delete pods -l app=httpserver' : `kubectl delete pod ${await podName(p, 'httpserver-')}`);
      await playUntilPast(p);
    },
  ],
  deployment: [
    { wrong: async (p) => type(p, 'kubectl set image deployment/web web=nginx:1.26') },
    async (p) => type(p, 'kubectl set image deployment/web nginx=nginx:1.26'),
    'step',
    async (p, lang) => {
      if (lang === 'en') {
        // The widget's scale form instead of `kubectl scale`.
        await p.locator(`${W} select[data-field="target"]`).selectOption('web');
        await p.locator(`${W} [data-form="scale"] input`).fill('4');
        await p.locator(`${W} button[data-action="scale"]`).click();
      } else {
        await type(p, 'kubectl scale deployment web --replicas=4');
      }
    },
    async (p) => type(p, 'kubectl set image deployment/web nginx=nginx:1.27'),
    'play',
    // The widget's strategy form (it applies the change through kubectl).
    async (p) => strategyForm(p, '1', '0'),
    async (p) => type(p, 'kubectl rollout undo deployment/web'),
    'play',
    async (p) => {
      await type(p, 'kubectl rollout history deployment/web');
      await next(p);
    },
    async (p) => type(p, 'kubectl set image deployment/web-recreate nginx=nginx:1.26'),
    'step',
  ],
  'rollout-strategies': [
    { wrong: async (p) => strategyForm(p, '1', '1') },
    async (p) => strategyForm(p, '1', '0'),
    async (p) => type(p, 'kubectl set image deployment/web nginx=nginx:1.25.3'),
    'step',
    async (p) => strategyForm(p, '0', '1'),
    async (p, lang) => {
      if (lang === 'en') {
        // The widget's set-image form instead of `kubectl set image`.
        await p.locator(`${W} [data-form="set-image"] input`).fill('nginx:1.26');
        await p.locator(`${W} button[data-action="set-image"]`).click();
      } else {
        await type(p, 'kubectl set image deployment/web nginx=nginx:1.26');
      }
    },
    'step',
    async (p) => strategyForm(p, '100%', '0'),
    async (p) => type(p, 'kubectl set image deployment/web nginx=nginx:1.27'),
    'step',
    async (p) => {
      await type(p, 'kubectl describe deployment web');
      await next(p);
    },
  ],
  'pod-lifecycle': [
    // Any image makes a Pod called tour.
    async (p, lang) => type(p, `kubectl run tour --image=${lang === 'en' ? 'httpd:2.4' : 'nginx:1.25.3'}`),
    'step',
    'step',
    { wrong: async (p) => type(p, 'kubectl delete pod tuor') },
    async (p) => type(p, 'kubectl delete pod tour'),
    async (p) => {
      await type(p, 'kubectl run bad-image --image=nginx:1.25.99');
      await playUntilPast(p);
    },
    async (p) => {
      await type(p, 'kubectl run crash --image=busybox:1.36 -- sh -c "sleep 2; exit 1"');
      await playUntilPast(p);
    },
    async (p) => {
      await type(p, 'kubectl run job --image=busybox:1.36 --restart=Never -- sh -c "echo done"');
      await playUntilPast(p);
    },
    async (p) => {
      await type(p, 'kubectl describe pod init-demo');
      await playUntilPast(p);
    },
    async (p) => {
      await type(p, 'kubectl describe pod oom-demo');
      await playUntilPast(p);
    },
    async (p) => {
      await p.locator(`${W} button[data-action="guide-action"]`).click();
      await playUntilPast(p);
    },
  ],
};

const TITLES = {
  ko: { guide: '실습 가이드', summary: '정리', hint: '힌트' },
  en: { guide: 'Guide', summary: 'Summary', hint: 'Hint' },
};

for (const [name, plan] of Object.entries(PLANS)) {
  for (const lang of ['ko', 'en']) {
    describe(`scenario ${name} (${lang})`, () => {
      it('plays through with every step checked against the cluster', { timeout: 240_000 }, async () => {
        const { page, context, problems } = await openPage(env, `/?scenario=${name}&lang=${lang}&speed=60`);
        try {
          await waitForMount(page, problems);
          const guide = page.locator(`${W} [data-guide="${name}"]`);
          await guide.waitFor();
          assert.equal(await guide.getAttribute('aria-label'), TITLES[lang].guide);
          const steps = Number(await guide.getAttribute('data-steps'));
          assert.equal(await guideStep(page), 1);
          let expected = 1;
          for (const action of plan) {
            const before = await guideStep(page);
            if (action.wrong) {
              // A wrong try: the step stays and shows the hint in the reader's language.
              await action.wrong(page, lang);
              await page.locator(`${W} .pk-guide-hint`).waitFor();
              assert.match(await page.locator(`${W} .pk-guide-hint`).innerText(), new RegExp(TITLES[lang].hint));
              assert.equal(await guideStep(page), before, `${name}: the wrong try passed step ${before}`);
              continue;
            }
            if (before > expected) {
              // A step that only asks the reader to look may already hold while time ran on.
              expected += 1;
              continue;
            }
            assert.equal(before, expected, `${name}: the guide is on step ${before}, the plan on ${expected}`);
            if (action === 'step') {
              await stepUntilPast(page, before);
            } else if (action === 'play') {
              await playUntilPast(page, before);
            } else {
              await action(page, lang);
              await settled(page, before);
            }
            assert.ok((await guideStep(page)) > before, `${name}: step ${before} did not pass`);
            expected += 1;
          }
          assert.equal(await guide.getAttribute('data-finished'), 'true');
          assert.equal(await guideStep(page), steps + 1);
          const summary = page.locator(`${W} .pk-guide-summary`);
          assert.match(await summary.innerText(), new RegExp(TITLES[lang].summary));
          if (lang === 'ko') assert.match(await summary.innerText(), /[가-힣]/);
          else assert.doesNotMatch(await summary.innerText(), /[가-힣]/);
          assert.deepEqual(listProblems(problems), []);
        } finally {
          await context.close();
        }
      });
    });
  }
}

describe('scenario progress', () => {
  // The demo page's widget has no data-id, so it keeps nothing in the browser: a reload starts
  // the cluster and its guide over together (progress that survives a reload, with its
  // cluster, is e2e/embed-hugo.test.mjs and tests/scenarios.rs).
  it('starts over with its cluster after a reload of a page that keeps nothing', { timeout: 60_000 }, async () => {
    const { page, context, problems } = await openPage(env, '/?scenario=break-and-fix&lang=en');
    try {
      await waitForMount(page, problems);
      await page.locator(`${W} [data-guide]`).waitFor();
      const deleted = await podName(page, 'hello-server-');
      await type(page, `kubectl delete pod ${deleted}`);
      assert.equal(await settled(page, 1), 2);
      await page.reload({ waitUntil: 'load' });
      await page.locator(`${W} [data-guide]`).waitFor();
      assert.equal(await guideStep(page), 1);
      assert.equal(await page.locator(`${W} [data-pod="${deleted}"]`).count(), 1, 'a fresh cluster, the same seed');
      assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('paperkube')).length), 0);
      assert.deepEqual(listProblems(problems), []);
    } finally {
      await context.close();
    }
  });
});
