#!/usr/bin/env bash
# Copies the pinned npm packages (package-lock.json) into static/vendor, served by WhiteNoise.
# Nothing is ever loaded from a CDN.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d node_modules/bootstrap ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
out=static/vendor
rm -rf "$out"
mkdir -p "$out/bootstrap" "$out/bootstrap-icons/fonts" "$out/fonts" "$out/axe-core"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$out/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$out/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$out/bootstrap-icons/fonts/"
# Latin, Latin Extended, Greek and Cyrillic: every official EU language.
for subset in latin latin-ext greek cyrillic; do
  for face in 400-normal 400-italic 600-normal 700-normal; do
    for format in woff2 woff; do
      cp "node_modules/@fontsource/source-sans-3/files/source-sans-3-${subset}-${face}.${format}" "$out/fonts/"
    done
  done
done
# axe-core (a pinned development dependency) for the accessibility checks of the browser tests.
cp node_modules/axe-core/axe.min.js node_modules/axe-core/LICENSE "$out/axe-core/"
