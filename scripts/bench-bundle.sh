#!/usr/bin/env bash
# The bundle benchmark (issue 9), run by ./dev bench: builds the widget and the Yew "hello"
# baseline (bench/hello-app) in the same run with the same trunk, wasm-bindgen, wasm-opt -Oz and
# release profile, then prints the gzip -9 size of everything each page loads (wasm + JS + CSS),
# the ratio, and what each crate costs in the widget's wasm (scripts/bench-wasm-crates.mjs).
#
#   scripts/bench-bundle.sh            build both, print the figures
#   scripts/bench-bundle.sh --levers   also measure size levers on this build: wasm-opt flag sets
#                                      (fast) and, with BENCH_PROFILES=1, opt-level "s" and
#                                      codegen-units=16 rebuilds (several minutes each)
#
# Budget: ≤ 150 KiB (153 600 B) gzip in all, and ≤ 3× the hello app.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT=target/bench
LEVERS=0
[[ ${1:-} == --levers ]] && LEVERS=1
export TRUNK_SKIP_VERSION_CHECK=true

gz() { gzip -9 -c <"$1" | wc -c; }
# gzip bytes of the .wasm, .js and .css in a dist folder: "wasm js css total"
sizes() {
  local w=0 j=0 c=0 f
  while IFS= read -r -d '' f; do
    case "$f" in
      *.wasm) w=$((w + $(gz "$f"))) ;;
      *.js) j=$((j + $(gz "$f"))) ;;
      *.css) c=$((c + $(gz "$f"))) ;;
    esac
  done < <(find "$1" -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0)
  echo "$w $j $c $((w + j + c))"
}
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }

build() {
  local t=$SECONDS
  rm -rf "$OUT/app-dist" "$OUT/hello-dist"
  trunk build --release --offline --dist "$OUT/app-dist" >"$OUT/app-build.log" 2>&1 ||
    { tail -30 "$OUT/app-build.log" >&2; exit 1; }
  (cd bench/hello-app && trunk build --release --offline --dist "../../$OUT/hello-dist") >"$OUT/hello-build.log" 2>&1 ||
    { tail -30 "$OUT/hello-build.log" >&2; exit 1; }
  echo "bench: built both bundles with trunk --release (wasm-opt -Oz) in $((SECONDS - t)) s"
}

mkdir -p "$OUT"
[[ ${BENCH_NO_BUILD:-} == 1 ]] || build
read -r aw aj ac at < <(sizes "$OUT/app-dist")
read -r hw hj hc ht < <(sizes "$OUT/hello-dist")
ratio=$(awk -v a="$at" -v h="$ht" 'BEGIN { printf "%.2f", a / h }')
verdict=$(awk -v a="$at" -v h="$ht" 'BEGIN { print (a <= 153600 && a <= 3 * h) ? "ok" : "OVER" }')
echo "bench: bundle    paperkube $(kb "$at") gzip = $(kib "$at") (wasm $(kb "$aw"), JS $(kb "$aj"), CSS $(kb "$ac")); hello $(kb "$ht") (wasm $(kb "$hw"), JS $(kb "$hj")): ${ratio}× (budget ≤ 150 KiB and ≤ 3×) $verdict"

# What each crate costs: the cargo output still has its name section.
raw=target/wasm32-unknown-unknown/release/paperkube_widget.wasm
if [[ -f $raw ]]; then
  echo "bench: crates    (cargo output before wasm-bindgen/wasm-opt; proportions, not final bytes)"
  node scripts/bench-wasm-crates.mjs "$raw" 14 | sed 's/^/    /'
fi

[[ $LEVERS == 1 ]] || exit 0

# Levers on the same code: wasm-opt flag sets on wasm-bindgen's output (what trunk feeds wasm-opt).
pre=target/wasm-bindgen/release/paperkube-widget_bg.wasm
base=$(gz "$OUT/app-dist/"*_bg.wasm)
echo "bench: lever     wasm-opt flags (wasm gzip; trunk's -Oz = $(kb "$base")):"
for flags in "-Oz" "-Os" "-O3" "-Oz --converge" "-Oz --converge --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue" "-Oz --strip-producers --strip-target-features"; do
  # shellcheck disable=SC2086
  if wasm-opt $flags "$pre" -o "$OUT/lever.wasm" 2>/dev/null; then
    s=$(gz "$OUT/lever.wasm")
    echo "    wasm-opt ${flags}: $(kb "$s") ($(awk -v s="$s" -v b="$base" 'BEGIN { printf "%+.1f KB", (s - b) / 1000 }'))"
  else
    echo "    wasm-opt ${flags}: failed"
  fi
done
rm -f "$OUT/lever.wasm"

[[ ${BENCH_PROFILES:-} == 1 ]] || exit 0
# Profile levers: each a full rebuild in its own target dir (so the main cache stays warm).
for v in "opt-level=s:CARGO_PROFILE_RELEASE_OPT_LEVEL=s" "codegen-units=16:CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16" "lto=thin:CARGO_PROFILE_RELEASE_LTO=thin"; do
  name=${v%%:*}
  envset=${v#*:}
  dir="$OUT/variant-${name//[^a-z0-9]/-}"
  rm -rf "$dir-dist"
  if env "$envset" CARGO_TARGET_DIR="$dir" trunk build --release --offline --dist "$dir-dist" >"$dir.log" 2>&1; then
    read -r vw _ _ vt < <(sizes "$dir-dist")
    echo "    profile ${name}: wasm $(kb "$vw") gzip, total $(kb "$vt") ($(awk -v s="$vt" -v b="$at" 'BEGIN { printf "%+.1f KB", (s - b) / 1000 }') vs the release profile)"
  else
    echo "    profile ${name}: build failed (log: $dir.log)"
  fi
done
