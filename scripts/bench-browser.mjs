// paperkube's browser benchmarks (issue 9), run by `./dev bench` after it built both bundles:
//
//   node scripts/bench-browser.mjs APP_DIST HELLO_DIST
//
// in Debian's headless Chromium (playwright-core, no browser download), each bundle served by
// e2e/server.mjs on a local port. Everything is compared side by side in the same run.
//
//   start-up  navigation → first drawn widget (`.pk-root` in the DOM, then the next animation
//             frame, so it has been painted) against the hello app's first render (`p.hello`);
//             the median of RUNS alternating cold loads (fresh context each). Budget ≤ 2×.
//   frames    100 pods (a Deployment typed into the console) playing at 60× speed for a few
//             seconds: requestAnimationFrame timestamps give frame intervals; budget p95 ≤ one
//             60 Hz frame (16.7 ms: rAF timestamps are vsync-aligned, so a frame that is on time
//             measures 16.7 ms, a dropped one 33.3 ms). The p95 main-thread time of one clock
//             tick (the widget's timer callback: engine advance + render) is printed beside it.
//   idle      setTimeout / setInterval / requestAnimationFrame are wrapped before the app
//             loads; for IDLE_MS each, while paused, while playing but hidden (visibilityState
//             "hidden" + visibilitychange) and while playing but scrolled off-screen, no timer
//             may fire and no frame may be requested. Budget: 0 of each.
//
// Prints one line per figure, prefixed "bench:", and exits 0 (budgets are reported, not enforced:
// benchmarks are not tests).
import { chromium } from 'playwright-core';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from '../e2e/server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../e2e/helpers.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [appDist = path.join(ROOT, 'dist'), helloDist = path.join(ROOT, 'target/bench/hello-dist')] =
  process.argv.slice(2);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const FRAME_MS = Number(process.env.BENCH_FRAME_MS ?? 4000);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 2000);
const PODS = 100;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (x) => `${x.toFixed(1)} ms`;

// Installed before any page script: counts timers and frames, and times timer callbacks.
const PROBE = () => {
  const probe = { timeouts: 0, intervals: 0, frames: 0, fired: 0, ticks: [] };
  window.__pk = probe;
  const { setTimeout: st, setInterval: si, requestAnimationFrame: raf } = window;
  const timed = (f) =>
    typeof f === 'function'
      ? function (...a) {
          probe.fired++;
          const t = performance.now();
          try {
            return f.apply(this, a);
          } finally {
            probe.ticks.push(performance.now() - t);
          }
        }
      : f;
  window.setTimeout = function (f, ...rest) {
    probe.timeouts++;
    return st.call(window, timed(f), ...rest);
  };
  window.setInterval = function (f, ...rest) {
    probe.intervals++;
    return si.call(window, timed(f), ...rest);
  };
  window.requestAnimationFrame = function (f) {
    probe.frames++;
    return raf.call(window, (t) => {
      probe.fired++;
      return f(t);
    });
  };
  // What the page's own measurement code uses, untouched by the counting.
  window.__pkRaf = raf.bind(window);
  // The first render: the time the marker appears, then the frame that paints it.
  window.__pkFirst = (selector) =>
    new Promise((resolve) => {
      const done = () => raf(() => resolve(performance.now()));
      if (document.querySelector(selector)) return done();
      const mo = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          mo.disconnect();
          done();
        }
      });
      mo.observe(document, { childList: true, subtree: true });
    });
  // Hidden-tab emulation: the page's visibility reads and the event it listens for.
  window.__pkSetHidden = (hidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
    Object.defineProperty(document, 'visibilityState', {
      configurable: true,
      get: () => (hidden ? 'hidden' : 'visible'),
    });
    document.dispatchEvent(new Event('visibilitychange'));
  };
};

async function firstRender(browser, origin, selector) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  // The marker promise is created by the init script's helper as soon as the document exists.
  await context.addInitScript((sel) => {
    window.__pkFirstDrawn = null;
    queueMicrotask(() => window.__pkFirst(sel).then((t) => (window.__pkFirstDrawn = t)));
  }, selector);
  await page.goto(origin + '/', { waitUntil: 'load' });
  await page.waitForFunction(() => window.__pkFirstDrawn !== null, null, { timeout: 20000 });
  const t = await page.evaluate(() => window.__pkFirstDrawn);
  await context.close();
  return t;
}

async function startup(browser, app, hello) {
  // One warm-up load each (compiles nothing across contexts, but warms the disk and the server).
  await firstRender(browser, app.origin, '.pk-root');
  await firstRender(browser, hello.origin, 'p.hello');
  const a = [];
  const h = [];
  for (let i = 0; i < RUNS; i++) {
    a.push(await firstRender(browser, app.origin, '.pk-root'));
    h.push(await firstRender(browser, hello.origin, 'p.hello'));
  }
  const ratio = median(a) / median(h);
  console.log(
    `bench: start-up  paperkube ${ms(median(a))}, hello ${ms(median(h))} (median of ${RUNS} cold loads): ` +
      `${ratio.toFixed(2)}× (budget ≤ 2×) ${ratio <= 2 ? 'ok' : 'OVER'}`,
  );
  // Diagnostic only (the figure above is the median ratio): the spread of each side, and the
  // ratio of each alternating pair, so a noisy machine shows as such.
  const spread = (xs) => `${ms(Math.min(...xs))} / ${ms(pct(xs, 25))} / ${ms(pct(xs, 75))} / ${ms(Math.max(...xs))}`;
  const pairs = a.map((x, i) => x / h[i]);
  console.log(
    `bench: start-up  spread (min / p25 / p75 / max): paperkube ${spread(a)}; hello ${spread(h)}; ` +
      `per-pair ratio p25 ${pct(pairs, 25).toFixed(2)}×, median ${median(pairs).toFixed(2)}×, p75 ${pct(pairs, 75).toFixed(2)}×`,
  );
}

async function openApp(browser, origin, query = '') {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript(PROBE);
  const page = await context.newPage();
  await page.goto(origin + '/' + query, { waitUntil: 'load' });
  await page.waitForSelector('div.paperkube .pk-root', { timeout: 20000 });
  return { context, page };
}

async function command(page, line) {
  const input = page.locator('div.paperkube input[aria-label="kubectl"]');
  await input.fill(line);
  await input.press('Enter');
}

const counters = (page) =>
  page.evaluate(() => {
    const p = window.__pk;
    return { timeouts: p.timeouts, intervals: p.intervals, frames: p.frames, fired: p.fired };
  });
const diff = (a, b) => ({
  timeouts: b.timeouts - a.timeouts,
  intervals: b.intervals - a.intervals,
  frames: b.frames - a.frames,
  fired: b.fired - a.fired,
});

async function frames(browser, app) {
  const { context, page } = await openApp(browser, app.origin, '?speed=60');
  await command(page, `kubectl create deployment web --image=nginx:1.25.3 --replicas=${PODS}`);
  await page.click('div.paperkube button[data-action="play"]');
  await page.evaluate(() => (window.__pk.ticks = []));
  const stamps = await page.evaluate(
    (dur) =>
      new Promise((resolve) => {
        const out = [];
        const t0 = performance.now();
        const f = (t) => {
          out.push(t);
          if (t - t0 < dur) window.__pkRaf(f);
          else resolve(out);
        };
        window.__pkRaf(f);
      }),
    FRAME_MS,
  );
  const ticks = await page.evaluate(() => window.__pk.ticks);
  const pods = await page.locator('div.paperkube [data-pod]').count();
  const running = await page.locator('div.paperkube [data-pod][data-status="Running"]').count();
  await context.close();
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]);
  const p95 = pct(gaps, 95);
  const budget = 1000 / 60 + 0.5;
  console.log(
    `bench: frames    ${pods} pods (${running} Running) at 60×: p95 frame interval ${ms(p95)}, median ${ms(median(gaps))}, ` +
      `max ${ms(Math.max(...gaps))} over ${gaps.length} frames (budget p95 ≤ one 60 Hz frame, 16.7 ms) ${p95 <= budget ? 'ok' : 'OVER'}`,
  );
  if (ticks.length) {
    console.log(
      `bench: ticks     p95 main-thread time of one clock tick ${ms(pct(ticks, 95))}, median ${ms(median(ticks))}, ` +
        `max ${ms(Math.max(...ticks))} (${ticks.length} timer callbacks)`,
    );
  }
}

async function idle(browser, app) {
  const results = [];
  const window_ = async (page, name) => {
    const a = await counters(page);
    await page.waitForTimeout(IDLE_MS);
    const d = diff(a, await counters(page));
    const requested = d.timeouts + d.intervals + d.frames;
    results.push({ name, d, ok: requested === 0 && d.fired === 0 });
  };
  {
    // Paused from the start (the widget's initial state), with a Deployment on screen.
    const { context, page } = await openApp(browser, app.origin);
    await command(page, 'kubectl create deployment web --image=nginx:1.25.3 --replicas=3');
    await page.waitForTimeout(300);
    await window_(page, 'paused');
    // Played, then paused again.
    await page.click('div.paperkube button[data-action="play"]');
    await page.waitForTimeout(500);
    await page.click('div.paperkube button[data-action="pause"]');
    await page.waitForTimeout(300);
    await window_(page, 'paused after playing');
    // Playing, but the tab is hidden.
    await page.click('div.paperkube button[data-action="play"]');
    await page.waitForTimeout(300);
    await page.evaluate(() => window.__pkSetHidden(true));
    await page.waitForTimeout(300);
    await window_(page, 'playing, tab hidden');
    await page.evaluate(() => window.__pkSetHidden(false));
    // Playing, scrolled off-screen (a tall spacer pushes the widget below the fold).
    await page.evaluate(() => {
      const spacer = document.createElement('div');
      spacer.style.height = '5000px';
      document.body.prepend(spacer);
      window.scrollTo(0, 0);
    });
    await page.waitForTimeout(300);
    await window_(page, 'playing, off-screen');
    await context.close();
  }
  for (const r of results) {
    const { d } = r;
    console.log(
      `bench: idle      ${r.name.padEnd(22)} ${IDLE_MS} ms: ${d.timeouts} setTimeout, ${d.intervals} setInterval, ` +
        `${d.frames} requestAnimationFrame requested, ${d.fired} callbacks fired (budget 0) ${r.ok ? 'ok' : 'OVER'}`,
    );
  }
}

const app = await startServer(appDist);
const hello = await startServer(helloDist);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const which = (process.env.BENCH_ONLY ?? 'startup,frames,idle').split(',');
  if (which.includes('startup')) await startup(browser, app, hello);
  if (which.includes('frames')) await frames(browser, app);
  if (which.includes('idle')) await idle(browser, app);
} finally {
  await browser.close();
  await app.close();
  await hello.close();
}
