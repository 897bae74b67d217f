#!/usr/bin/env bash
# Print the gzip -9 size of the release bundle's .wasm, .js and .css files (what a page that
# embeds paperkube downloads). Run after `trunk build --release` (./dev build does both).
# Only the top level of DIST: dist/paperkube/ (the embedding bundle, the same wasm again) is
# listed by scripts/build-embed.mjs.
#
#   scripts/bundle-size.sh [DIST]          a table, one file per line, then the totals
#   scripts/bundle-size.sh --line [DIST]   the one line the README quotes
set -euo pipefail
mode=table
if [[ ${1:-} == --line ]]; then
  mode=line
  shift
fi
dist="${1:-dist}"
[[ -d $dist ]] || {
  echo "bundle-size: $dist/ not found: run trunk build --release first" >&2
  exit 1
}

declare -A raw=([wasm]=0 [js]=0 [css]=0) gz=([wasm]=0 [js]=0 [css]=0)
rows=()
while IFS= read -r -d '' f; do
  ext="${f##*.}"
  r=$(wc -c <"$f")
  g=$(gzip -9 -c <"$f" | wc -c) # stdin: no file name in the header, as a server sends it
  raw[$ext]=$((raw[$ext] + r))
  gz[$ext]=$((gz[$ext] + g))
  rows+=("$(printf '  %-48s %9d B raw %9d B gzip' "${f#"$dist"/}" "$r" "$g")")
done < <(find "$dist" -maxdepth 1 -type f \( -name '*.wasm' -o -name '*.js' -o -name '*.css' \) -print0 | sort -z)

[[ ${raw[wasm]} -gt 0 ]] || {
  echo "bundle-size: no .wasm in $dist/" >&2
  exit 1
}
total=$((gz[wasm] + gz[js] + gz[css]))
kb() { awk -v b="$1" 'BEGIN { printf "%.1f KB", b / 1000 }'; }

if [[ $mode == line ]]; then
  echo "wasm $(kb "${gz[wasm]}"), JS $(kb "${gz[js]}"), CSS $(kb "${gz[css]}"): $(kb "$total") gzip in all"
  exit 0
fi
echo "release bundle in $dist/ (gzip -9):"
printf '%s\n' "${rows[@]}"
printf '  %-48s %9d B raw %9d B gzip\n' "wasm" "${raw[wasm]}" "${gz[wasm]}" "js" "${raw[js]}" "${gz[js]}" "css" "${raw[css]}" "${gz[css]}"
echo "  total gzip: $total B ($(kb "$total")): wasm $(kb "${gz[wasm]}"), JS $(kb "${gz[js]}"), CSS $(kb "${gz[css]}")"
