// What each crate costs in a wasm file (a twiggy-free `twiggy top`, grouped by crate):
//
//   node scripts/bench-wasm-crates.mjs FILE.wasm [TOP]
//
// FILE must still have its "name" section: the cargo output before wasm-bindgen and wasm-opt
// (target/wasm32-unknown-unknown/release/*.wasm). Every function body in the code section is
// attributed to the crate its (demangled or mangled) name starts with; data segments are one
// row. Sizes are raw bytes of that file and gzip -9 of each crate's bodies concatenated, so
// they show proportions: wasm-opt -Oz shrinks the whole by roughly the same factor.
// Also prints the functions that look like serde Deserialize / Serialize code (engine/src/value_de.rs
// counts as Deserialize), serde_json, and two families of std generics instantiated once per
// type: stable slice sorts and BTreeMap.
import fs from 'node:fs';
import zlib from 'node:zlib';

const [file, topArg = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/bench-wasm-crates.mjs FILE.wasm [TOP]');
  process.exit(2);
}
const buf = fs.readFileSync(file);
let pos = 8;
const u32 = () => {
  let r = 0;
  let shift = 0;
  for (;;) {
    const b = buf[pos++];
    r += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if (!(b & 0x80)) return r;
  }
};
const str = () => {
  const n = u32();
  const s = buf.toString('utf8', pos, pos + n);
  pos += n;
  return s;
};

let importedFuncs = 0;
const bodies = []; // [start, end] per defined function
const names = new Map();
let dataBytes = 0;
let customBytes = 0;
while (pos < buf.length) {
  const id = buf[pos++];
  const size = u32();
  const end = pos + size;
  if (id === 2) {
    // imports: count the function imports (they shift function indices)
    const n = u32();
    for (let i = 0; i < n; i++) {
      str();
      str();
      const kind = buf[pos++];
      if (kind === 0) {
        u32();
        importedFuncs++;
      } else if (kind === 1) {
        pos++;
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 2) {
        const flags = u32();
        u32();
        if (flags & 1) u32();
      } else if (kind === 3) {
        pos += 2;
      } else if (kind === 4) {
        pos++;
        u32();
      }
    }
  } else if (id === 10) {
    const n = u32();
    for (let i = 0; i < n; i++) {
      const len = u32();
      bodies.push([pos, pos + len]);
      pos += len;
    }
  } else if (id === 11) {
    dataBytes += size;
  } else if (id === 0) {
    const start = pos;
    const name = str();
    if (name === 'name') {
      while (pos < end) {
        const sub = buf[pos++];
        const subSize = u32();
        const subEnd = pos + subSize;
        if (sub === 1) {
          const n = u32();
          for (let i = 0; i < n; i++) {
            const idx = u32();
            names.set(idx, str());
          }
        }
        pos = subEnd;
      }
    } else {
      customBytes += end - start;
    }
  }
  pos = end;
}
if (names.size === 0) {
  console.error(`${file}: no "name" section (use the cargo output, before wasm-bindgen)`);
  process.exit(1);
}

// Every crate a symbol names (legacy `_ZN4core3fmt…`, v0 `_RNv…C<len><crate>…`). A function is
// charged to the first crate it names that is not the standard library: `drop_in_place<Pod>` or
// `Vec<Pod>::clone` is the engine's cost, not alloc's.
const STD = new Set(['core', 'alloc', 'std', 'hashbrown', 'dlmalloc', 'compiler_builtins', '___rust', 'rustc_demangle']);
function cratesOf(name) {
  const out = [];
  if (name.startsWith('_R')) {
    const re = /C(?:s[0-9a-zA-Z]*_)?(\d+)([a-zA-Z_][a-zA-Z0-9_]*)/g;
    for (const m of name.slice(2).matchAll(re)) out.push(m[2].slice(0, Number(m[1])));
  } else if (name.startsWith('_ZN')) {
    const head = /^_ZN(\d+)/.exec(name);
    const first = name.substr(3 + head[1].length, Number(head[1]));
    if (!first.startsWith('_$')) out.push(first);
    // crates named in generic arguments and impl headers: `$LT$paperkube_engine..api..Pod$GT$`
    const re = /(?:\$LT\$|\$u20\$|\$C\$|\$RF\$|\$BP\$|\$u5b\$)_?([a-z_][a-z0-9_]*)\.\./g;
    for (const m of name.matchAll(re)) out.push(m[1]);
  } else {
    for (const m of name.matchAll(/([a-z_][a-z0-9_]*)::/g)) out.push(m[1]);
  }
  return out;
}
function crateOf(name) {
  if (name.startsWith('__wbindgen_describe')) return '(wasm-bindgen descriptors, dropped by wasm-bindgen)';
  if (name.startsWith('__wbg_') || name.startsWith('__wbindgen') || name.startsWith('__externref')) return 'wasm_bindgen';
  const crates = cratesOf(name);
  return crates.find((c) => !STD.has(c)) ?? crates[0] ?? '(other)';
}

const byCrate = new Map();
const serdeish = { de: [0, []], ser: [0, []], json: [0, []], sort: [0, []], btree: [0, []] };
let total = 0;
bodies.forEach(([s, e], i) => {
  const name = names.get(importedFuncs + i) ?? `func[${importedFuncs + i}]`;
  const c = crateOf(name);
  const size = e - s;
  total += size;
  const row = byCrate.get(c) ?? { size: 0, parts: [] };
  row.size += size;
  row.parts.push(buf.subarray(s, e));
  byCrate.set(c, row);
  if (process.env.DEBUG && c === '(other)') console.log('other:', size, name);
  if (/serde_json/.test(name)) {
    serdeish.json[0] += size;
    serdeish.json[1].push(buf.subarray(s, e));
  }
  if (/5slice4sort/.test(name)) {
    serdeish.sort[0] += size;
    serdeish.sort[1].push(buf.subarray(s, e));
  }
  if (/5btree/.test(name)) {
    serdeish.btree[0] += size;
    serdeish.btree[1].push(buf.subarray(s, e));
  }
  if (/Deserializ|de\.\.Visitor|MapAccess|SeqAccess|__Visitor|__Field|value_de/.test(name)) {
    serdeish.de[0] += size;
    serdeish.de[1].push(buf.subarray(s, e));
  } else if (/Serializ/.test(name)) {
    serdeish.ser[0] += size;
    serdeish.ser[1].push(buf.subarray(s, e));
  }
});
const gz = (parts) => zlib.gzipSync(Buffer.concat(parts), { level: 9 }).length;
const kb = (b) => `${(b / 1000).toFixed(1)} KB`;
const pctOf = (b) => `${((100 * b) / total).toFixed(1)}%`;

console.log(`${file}: ${kb(buf.length)} raw; code ${kb(total)} in ${bodies.length} functions, data ${kb(dataBytes)}, other custom sections ${kb(customBytes)}`);
console.log('  crate                          code raw   share   code gzip');
const rows = [...byCrate.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, Number(topArg));
for (const [c, r] of rows) {
  console.log(`  ${c.padEnd(28)} ${kb(r.size).padStart(10)} ${pctOf(r.size).padStart(7)} ${kb(gz(r.parts)).padStart(11)}`);
}
console.log(`  ${'data segments'.padEnd(28)} ${kb(dataBytes).padStart(10)}`);
for (const [label, [size, parts]] of [
  ['serde Deserialize code (derives, visitors)', serdeish.de],
  ['serde Serialize code', serdeish.ser],
  ['serde_json (all)', serdeish.json],
  ['core::slice::sort (one copy per element type and comparator)', serdeish.sort],
  ['BTreeMap code (one copy per key/value types)', serdeish.btree],
]) {
  console.log(`  ${label.padEnd(60)} ${kb(size).padStart(10)} ${pctOf(size).padStart(7)} ${kb(parts.length ? gz(parts) : 0).padStart(11)} gzip`);
}
