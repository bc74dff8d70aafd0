#!/usr/bin/env bash
# Quick start, part 1: install everything, build the demo library and model if missing, index it,
# print a few searches, and open the app where Electron can run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh

DEMO=.lumen-demo
lumen() { node bin/lumen.js --library "$DEMO/library" "$@"; }

if [ ! -f "$DEMO/photos/manifest.json" ]; then
  echo "[demo] rendering demo photos into $DEMO/photos"
  npx --no-install tsx tools/shapes-lit/generate-demo-photos.ts --out "$DEMO/photos" --count 64 --seed 7
fi

echo "[demo] indexing $DEMO/photos"
lumen index "$DEMO/photos"
for query in "a red circle" "blue star" "a photo of a green triangle" "yellow square"; do
  echo
  echo "[demo] lumen search \"$query\" --limit 3"
  # Show what each hit really is (from the demo set's manifest) next to Lumen's answer.
  lumen search "$query" --limit 3 --json | node scripts/show-demo-hits.mjs "$DEMO/photos/manifest.json"
done
echo
lumen status

if [ -f node_modules/electron/path.txt ] && [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
  echo "[demo] opening the app"
  LUMEN_LIBRARY="$PWD/$DEMO/library" npx --no-install electron-vite preview
else
  echo "[demo] not opening the desktop window here (no Electron binary or no display); everything above ran without it."
fi
