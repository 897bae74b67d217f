// Every break-and-fix of the chapter, end to end on the release bundle, done once with the
// mouse alone and once with the keyboard alone, in English and in Korean (4 runs each). Each
// run checks what the reader sees (pod STATUS and READY, lane counts) and, paused, that the
// picture agrees with `kubectl get pods` / `get rs` / `get deploy` at the same virtual instant.
// Time runs at 60× so the whole file stays short.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPage, listProblems, waitForMount } from './helpers.mjs';
import { W, waitForLog, pods, waitForPods } from './ui-helpers.mjs';
import { driver, pictureAgrees } from './ui-drive.mjs';

let env;
before(async () => {
  env = await setup();
});
after(async () => {
  await env?.close();
});

const allRunning = (n) => `(ps) => ps.length === ${n} && ps.every((p) => p.status === 'Running' && p.ready === '1/1')`;

/**
 * Let virtual time run (60×) until `fnSource(pods)` holds, then pause. A state that lasts only
 * a few virtual seconds (a crash between restarts) may pass while pause is being pressed: then
 * play on until it is seen paused.
 */
async function playUntil(d, fnSource, timeout = 20_000) {
  for (let i = 0; i < 5; i += 1) {
    await d.press('button[data-action="play"]');
    await waitForPods(d.page, fnSource, timeout);
    await d.press('button[data-action="pause"]');
    await d.page.waitForSelector(`${W} button[data-action="play"]:not([disabled])`);
    const held = await d.page.evaluate(
      (src) => new Function('pods', `return (${src})(pods)`)(
        [...document.querySelectorAll('div.paperkube [data-pod]')].map((e) => ({
          name: e.dataset.pod,
          status: e.dataset.status,
          ready: e.dataset.ready,
          lost: e.classList.contains('pk-pod-lost'),
        })),
      ),
      fnSource,
    );
    if (held) return;
  }
  assert.fail(`${fnSource} never held while paused`);
}

/** Pause is pressed: the picture and kubectl agree. */
async function agrees(d, when) {
  assert.deepEqual(await pictureAgrees(d), [], `picture and kubectl disagree ${when}`);
}

/** The example the chapter starts from, three pods running. */
async function example(d) {
  await d.press('button[data-action="create-example"]');
  await waitForLog(d.page, /deployment\.apps\/web created/);
  await playUntil(d, allRunning(3));
}

const lanes = (page) =>
  page.locator(`${W} [data-replicaset]`).evaluateAll((els) =>
    els.map((e) => ({ name: e.dataset.replicaset, desired: +e.dataset.desired, current: +e.dataset.current, ready: +e.dataset.ready })),
  );

/** The newest lane (top of the card) runs `n` ready pods and the others none. */
const rolledOut = async (page, n) => {
  const ls = await lanes(page);
  return ls[0].ready === n && ls.slice(1).every((l) => l.current === 0);
};

/** Roll back with `rollout undo` and wait for three running pods of one lane. */
async function undo(d) {
  await d.press('button[data-action="undo"]');
  await waitForLog(d.page, /deployment\.apps\/web rolled back/);
  await playUntil(d, allRunning(3));
  await agrees(d, 'after the undo');
}

/** Set maxSurge / maxUnavailable: typed, or with the stepper and unit buttons by mouse. */
async function setIntOrPercent(d, field, value) {
  const input = `[data-form="strategy"] input[data-field="${field}"]`;
  if (d.mode === 'keyboard') return d.type(input, value);
  const el = d.page.locator(`${W} ${input}`);
  const wantPct = value.endsWith('%');
  if ((await el.inputValue()).endsWith('%') !== wantPct) await d.press(`button[data-action="${field}-unit"]`);
  for (let i = 0; i < 12 && (await el.inputValue()) !== value; i += 1) {
    const now = parseInt(await el.inputValue(), 10);
    await d.press(`button[data-action="${field}-${now < parseInt(value, 10) ? 'up' : 'down'}"]`);
  }
  assert.equal(await el.inputValue(), value, `${field} set with the mouse`);
}

/** Scale with the form: typed, or with the − / + buttons by mouse. */
async function scaleTo(d, n) {
  const input = '[data-form="scale"] input';
  if (d.mode === 'keyboard') {
    await d.type(input, String(n));
    await d.page.keyboard.press('Enter');
  } else {
    const el = d.page.locator(`${W} ${input}`);
    for (let i = 0; i < 10 && +(await el.inputValue()) !== n; i += 1) {
      await d.press(`button[data-action="replicas-${+(await el.inputValue()) < n ? 'up' : 'down'}"]`);
    }
    await d.press('button[data-action="scale"]');
  }
  await waitForLog(d.page, /deployment\.apps\/web scaled/);
}

/** The break-and-fix table: each entry is one test per mode and language. */
const ACTIONS = [
  {
    name: 'delete a pod: it terminates and the ReplicaSet replaces it',
    async run(d) {
      const victim = (await pods(d.page))[0].name;
      await d.press(`[data-pod="${victim}"] button`);
      await d.page.locator(`${W} aside[data-selected-pod="${victim}"]`).waitFor();
      await d.press('button[data-action="delete-pod"]', { space: true });
      await waitForLog(d.page, new RegExp(`pod "${victim}" deleted`));
      // Paused: the API server marked it; the picture shows it at once.
      await waitForPods(d.page, `(ps) => ps.some((p) => p.name === '${victim}' && p.status === 'Terminating')`, 5000);
      await agrees(d, 'while the pod terminates');
      await playUntil(d, `(ps) => !ps.some((p) => p.name === '${victim}') && (${allRunning(3)})(ps)`);
      await agrees(d, 'after the replacement runs');
      // The -w tab: kubectl's header once, then a row per change (the victim terminating).
      await d.tab('get-pods-w');
      const log = await d.page.locator(`${W} [data-panel="get-pods-w"]`).innerText();
      assert.equal(log.match(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/gm)?.length, 1, log);
      assert.match(log, new RegExp(`^${victim}\\s+\\S+\\s+Terminating\\s`, 'm'));
      assert.match(log, /\s+ContainerCreating\s/);
      await d.tab('get-pods');
    },
  },
  {
    name: 'roll out a bad image, fix it with set image',
    async run(d) {
      await badImage(d);
      if (d.mode === 'keyboard') await d.type('[data-form="set-image"] input', 'nginx:1.26');
      await d.press('button[data-action="set-image"]');
      await waitForLog(d.page, /deployment\.apps\/web image updated[\s\S]*deployment\.apps\/web image updated/);
      await rollsOut(d, 3, 3);
      assert.match(await d.page.locator(`${W} [data-replicaset]`).first().innerText(), /nginx:1\.26/);
      await agrees(d, 'after the fix');
    },
  },
  {
    name: 'roll out a bad image, fix it with rollout undo',
    async run(d) {
      await badImage(d);
      await undo(d);
      assert.match(await d.page.locator(`${W} [data-replicaset]`).first().innerText(), /nginx:1\.25\.3/);
    },
  },
  {
    name: 'make a container crash: CrashLoopBackOff with its countdown, then undo',
    async run(d) {
      await d.press('button[data-action="crash"]');
      await waitForLog(d.page, /deployment\.apps\/web configured/);
      await playUntil(d, `(ps) => ps.some((p) => p.status === 'CrashLoopBackOff')`);
      assert.match(await d.page.locator(`${W} [data-pod][data-status="CrashLoopBackOff"]`).first().innerText(), d.lang === 'ko' ? /재시작|\d+초/ : /restart in \d+s/);
      await agrees(d, 'in CrashLoopBackOff');
      await undo(d);
    },
  },
  {
    name: 'exceed the memory limit: OOMKilled, then undo',
    async run(d) {
      await d.press('button[data-action="oom"]');
      await waitForLog(d.page, /deployment\.apps\/web configured/);
      // OOMKilled shows until the kubelet's next sync turns it into CrashLoopBackOff: a
      // poll at 60× may miss it, the pod's last state and the -w log keep it.
      await playUntil(d, `(ps) => ps.some((p) => p.status === 'OOMKilled' || p.status === 'CrashLoopBackOff')`);
      await agrees(d, 'after the OOM kill');
      const victim = (await pods(d.page)).find((p) => p.status === 'OOMKilled' || p.status === 'CrashLoopBackOff').name;
      await d.press(`[data-pod="${victim}"] button`);
      assert.match(await d.page.locator(`${W} aside .pk-containers`).innerText(), /OOMKilled \(exit code 137\)/);
      await d.tab('get-pods-w');
      assert.match(await d.page.locator(`${W} [data-panel="get-pods-w"]`).innerText(), new RegExp(`^${victim}\\s+0/1\\s+OOMKilled\\s`, 'm'));
      await d.tab('get-pods');
      await undo(d);
    },
  },
  {
    name: 'fail an init container: Init:Error / Init:CrashLoopBackOff, then undo',
    async run(d) {
      await d.press('button[data-action="init-fail"]');
      await waitForLog(d.page, /deployment\.apps\/web configured/);
      await playUntil(d, `(ps) => ps.some((p) => p.status === 'Init:Error' || p.status === 'Init:CrashLoopBackOff')`);
      await agrees(d, 'with a failed init container');
      await undo(d);
    },
  },
  {
    name: 'fail a readiness probe: Running but 0/1, the rollout waits, then undo',
    async run(d) {
      await d.press('button[data-action="readiness-fail"]');
      await waitForLog(d.page, /deployment\.apps\/web configured/);
      await playUntil(d, `(ps) => ps.length === 4 && ps.some((p) => p.status === 'Running' && p.ready === '0/1')`);
      assert.equal(await d.page.locator(`${W} .pk-rollout-note`).count(), 1, 'the controller waits');
      await agrees(d, 'with a pod not ready');
      await undo(d);
    },
  },
  {
    name: 'lose a node: its pods grey, then power it on',
    async run(d) {
      await d.press('button[data-action="lose-node"]');
      await waitForLog(d.page, /# \S+: power off/);
      const node = (await d.page.locator(`${W} [role="log"]`).innerText()).match(/# (\S+): power off/)[1];
      await d.press('button[data-action="play"]');
      await d.page.waitForSelector(`${W} [data-node="${node}"][data-node-ready="Unknown"]`, { timeout: 20_000 });
      await waitForPods(d.page, `(ps) => ps.some((p) => p.lost)`, 10_000);
      await d.press('button[data-action="pause"]');
      await agrees(d, 'with the node lost');
      await d.press('button[data-action="power-on"]');
      await waitForLog(d.page, new RegExp(`# ${node}: power on`));
      await d.press('button[data-action="play"]');
      await d.page.waitForSelector(`${W} [data-node="${node}"][data-node-ready="True"]`, { timeout: 20_000 });
      await waitForPods(d.page, `(ps) => !ps.some((p) => p.lost)`, 10_000);
      await d.press('button[data-action="pause"]');
      await agrees(d, 'with the node back');
    },
  },
  {
    name: 'scale to 5, then to 2',
    async run(d) {
      await scaleTo(d, 5);
      await playUntil(d, allRunning(5));
      assert.ok(await rolledOut(d.page, 5));
      await agrees(d, 'at 5 replicas');
      await scaleTo(d, 2);
      await playUntil(d, allRunning(2));
      await agrees(d, 'at 2 replicas');
    },
  },
  {
    name: 'pause a rollout: a new image waits; resume: it rolls out',
    async run(d) {
      await d.press('button[data-action="pause-rollout"]');
      await waitForLog(d.page, /deployment\.apps\/web paused/);
      assert.equal(await d.page.locator(`${W} .pk-paused`).count(), 1, 'the card says paused');
      await d.press('button[data-action="set-image"]');
      await waitForLog(d.page, /deployment\.apps\/web image updated/);
      await d.press('button[data-action="play"]');
      await d.page.waitForTimeout(500); // 30 virtual seconds: nothing may roll
      await d.press('button[data-action="pause"]');
      assert.equal((await lanes(d.page)).length, 1, 'no new ReplicaSet while paused');
      await agrees(d, 'while the rollout is paused');
      await d.press('button[data-action="resume"]');
      await waitForLog(d.page, /deployment\.apps\/web resumed/);
      await rollsOut(d, 2, 3);
      assert.match(await d.page.locator(`${W} [data-replicaset]`).first().innerText(), /nginx:1\.26/);
      await agrees(d, 'after resuming');
    },
  },
  {
    name: 'switch strategy: maxSurge/maxUnavailable as integers, then percentages, then Recreate',
    async run(d) {
      const meter = d.page.locator(`${W} .pk-rollout`);
      await setIntOrPercent(d, 'max-surge', '2');
      await setIntOrPercent(d, 'max-unavailable', '1');
      await d.press('button[data-action="strategy"]');
      await waitForLog(d.page, /deployment\.apps\/web configured/);
      await d.page.waitForFunction(() => document.querySelector('div.paperkube .pk-rollout')?.dataset.maxPods === '5');
      assert.equal(await meter.getAttribute('data-min-available'), '2');
      // A rollout under these numbers never runs more than 5 pods nor fewer than 2 available.
      await d.press('button[data-action="set-image"]');
      await rollsOut(d, 2, 3);
      await agrees(d, 'after a rollout with 2 / 1');
      await setIntOrPercent(d, 'max-surge', '50%');
      await setIntOrPercent(d, 'max-unavailable', '50%');
      await d.press('button[data-action="strategy"]');
      await waitForLog(d.page, /configured[\s\S]*configured/);
      // 50% of 3: surge rounds up (2), unavailable rounds down (1).
      await d.page.waitForFunction(() => document.querySelector('div.paperkube .pk-rollout')?.dataset.maxPods === '5');
      assert.equal(await meter.getAttribute('data-min-available'), '2');
      assert.match(await d.page.locator(`${W} [data-deployment]`).innerText(), /maxSurge 50% · maxUnavailable 50%/);
      await d.choose('strategy-type', 'Recreate');
      await d.press('button[data-action="strategy"]');
      await waitForLog(d.page, /configured[\s\S]*configured[\s\S]*configured/);
      await d.page.waitForFunction(() => document.querySelector('div.paperkube .pk-rollout')?.dataset.maxPods === undefined);
      await agrees(d, 'after switching to Recreate');
    },
  },
];

async function badImage(d) {
  await d.press('button[data-action="bad-image"]');
  await waitForLog(d.page, /deployment\.apps\/web image updated/);
  await playUntil(d, `(ps) => ps.some((p) => p.status === 'ErrImagePull' || p.status === 'ImagePullBackOff')`);
  // maxUnavailable 25% of 3 rounds down to 0: the three old pods keep running.
  assert.equal((await pods(d.page)).filter((p) => p.status === 'Running').length, 3);
  assert.equal((await lanes(d.page)).length, 2, 'old and new lanes');
  await agrees(d, 'with the bad image');
}

/** Play until the rollout is done (`count` lanes, the newest alone with `ready` pods), pause. */
async function rollsOut(d, count, ready) {
  await d.press('button[data-action="play"]');
  await waitForLanes(d, count, ready);
  await waitForPods(d.page, allRunning(ready), 10_000);
  await d.press('button[data-action="pause"]');
}

/** Wait until there are `count` lanes and the newest one runs `ready` ready pods alone. */
async function waitForLanes(d, count, ready) {
  const waited = d.page.waitForFunction(
    ([count, ready]) => {
      const ls = [...document.querySelectorAll('div.paperkube [data-replicaset]')];
      return ls.length === count && +ls[0].dataset.ready === ready && ls.slice(1).every((l) => l.dataset.current === '0');
    },
    [count, ready],
    { timeout: 10_000 },
  );
  await waited.catch(async (e) => {
    throw new Error(`lanes: want ${count}, the newest ${ready} ready; have ${JSON.stringify(await lanes(d.page))}`, { cause: e });
  });
  assert.ok(await rolledOut(d.page, ready));
}

for (const mode of ['mouse', 'keyboard']) {
  for (const lang of ['en', 'ko']) {
    describe(`break and fix: ${mode} only, ${lang}`, () => {
      for (const action of ACTIONS) {
        it(action.name, { timeout: 60_000 }, async () => {
          const { page, context, problems } = await openPage(env, `/?lang=${lang}&speed=60`, { viewport: { width: 1280, height: 900 } });
          try {
            await waitForMount(page, problems);
            assert.equal(await page.locator(`${W} .pk-root`).getAttribute('lang'), lang);
            const d = driver(page, mode, lang);
            await example(d);
            await agrees(d, 'with the example running');
            await action.run(d);
            assert.deepEqual(listProblems(problems), []);
          } finally {
            await context.close();
          }
        });
      }
    });
  }
}
