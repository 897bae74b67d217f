#!/usr/bin/env node
// Builds the embedding bundle dist/paperkube/ from the release build trunk just made (dist/ and
// target/wasm32-unknown-unknown/release/paperkube_widget.wasm). No compile of its own:
//
//   paperkube.js           the loader (embed/loader.js) + wasm-bindgen's no-modules glue + the CSS;
//                          fetches paperkube-<hash>_bg.wasm beside it (http, https)
//   paperkube-<hash>_bg.wasm  trunk's wasm-opt'ed wasm, unchanged
//   paperkube-offline.js   the same loader with the wasm inside (base64): works from file://
//   paperkube-sw.js        an optional service worker that keeps visited pages working offline
//
// Usage: node scripts/build-embed.mjs [DIST=dist] — ./dev build runs it after trunk.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIST = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist'));
const OUT = path.join(DIST, 'paperkube');
const TARGET = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, 'target');
const RAW = path.join(TARGET, 'wasm32-unknown-unknown', 'release', 'paperkube_widget.wasm');

function die(msg) {
  console.error(`build-embed: ${msg}`);
  process.exit(1);
}

const files = fs.existsSync(DIST) ? fs.readdirSync(DIST) : [];
const trunkWasm = files.find((f) => f.endsWith('_bg.wasm'));
const trunkCss = files.find((f) => /^paperkube-[0-9a-f]+\.css$/.test(f));
if (!trunkWasm || !trunkCss) die(`no trunk release build in ${DIST} (run ./dev build)`);
if (!fs.existsSync(RAW)) die(`${RAW} is missing (trunk build --release makes it)`);

// 1. The no-modules glue, from the same cargo artifact trunk bound with --target web.
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'paperkube-embed-'));
execFileSync('wasm-bindgen', ['--target', 'no-modules', '--no-typescript', '--out-dir', tmp, '--out-name', 'paperkube-widget', RAW], {
  stdio: 'inherit',
});
const glue = fs.readFileSync(path.join(tmp, 'paperkube-widget.js'), 'utf8');
if (!/^let wasm_bindgen = \(function\(exports\) \{/m.test(glue)) die('unexpected no-modules glue shape');

// 2. Reuse trunk's optimised wasm only if it has exactly the imports and exports this glue
//    binds (same cargo build, same wasm-bindgen); otherwise the dist is stale: refuse.
function signature(bytes) {
  const m = new WebAssembly.Module(bytes);
  return JSON.stringify([WebAssembly.Module.imports(m), WebAssembly.Module.exports(m)]);
}
const wasm = fs.readFileSync(path.join(DIST, trunkWasm));
const unoptimised = fs.readFileSync(path.join(tmp, 'paperkube-widget_bg.wasm'));
if (signature(wasm) !== signature(unoptimised)) {
  die(`${trunkWasm} does not match ${RAW}: rebuild with ./dev build`);
}
fs.rmSync(tmp, { recursive: true, force: true });

// 3. CSS: the widget's styles, with the dark-mode media block turned into a host-driven
//    switch (the loader sets data-pk-theme from the host page, else the system preference),
//    then the embedding's own styles.
let css = fs.readFileSync(path.join(DIST, trunkCss), 'utf8');
const lightVars = (css.match(/\.pk-root\s*\{([^}]*)\}/)?.[1] ?? '').match(/--pk-[\w-]+\s*:[^;]+;/g) ?? [];
const DARK = /@media\s*\(prefers-color-scheme:\s*dark\)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}/g;
css = css.replace(DARK, (_, inner) =>
  inner.replace(/([^{}]+)\{([^{}]*)\}/g, (_m, sel, body) => {
    const sels = sel
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .flatMap((s) => {
        const scoped = `.pk-host[data-pk-theme="dark"] ${s}`;
        return s === '.pk-root' ? [scoped, '.pk-host[data-pk-theme="dark"]'] : [scoped];
      });
    return `\n${sels.join(',\n')} {${body}}`;
  }),
);
if (/prefers-color-scheme/.test(css)) die('a prefers-color-scheme block was not converted');
const hostVars = `.pk-host {\n  ${lightVars.join('\n  ')}\n}\n`;
css = `${hostVars}${css}\n${fs.readFileSync(path.join(ROOT, 'embed', 'embed.css'), 'utf8')}`;

// 4. The loader, filled in.
const hash = crypto.createHash('sha256').update(wasm).digest('hex').slice(0, 16);
const wasmFile = `paperkube-${hash}_bg.wasm`;
const template = fs.readFileSync(path.join(ROOT, 'embed', 'loader.js'), 'utf8');
function fill(base64) {
  const parts = template.split('/*@GLUE@*/');
  if (parts.length !== 2) die('embed/loader.js must hold /*@GLUE@*/ once');
  // Function replacers: `$` in the replacements is literal.
  return (parts[0] + glue + parts[1])
    .replace("'@CSS@'", () => JSON.stringify(css))
    .replace("'@WASM_FILE@'", () => JSON.stringify(wasmFile))
    .replace("'@WASM_BASE64@'", () => JSON.stringify(base64));
}

fs.rmSync(OUT, { recursive: true, force: true });
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, wasmFile), wasm);
fs.writeFileSync(path.join(OUT, 'paperkube.js'), fill(''));
fs.writeFileSync(path.join(OUT, 'paperkube-offline.js'), fill(wasm.toString('base64')));
const sw = fs.readFileSync(path.join(ROOT, 'embed', 'sw.js'), 'utf8').replace("'@VERSION@'", () => JSON.stringify(hash));
fs.writeFileSync(path.join(OUT, 'paperkube-sw.js'), sw);

for (const f of fs.readdirSync(OUT).sort()) {
  const size = fs.statSync(path.join(OUT, f)).size;
  console.log(`  ${path.relative(ROOT, path.join(OUT, f)).padEnd(48)} ${(size / 1024).toFixed(1).padStart(8)} KB`);
}
