#!/usr/bin/env bash
# Run on a machine with a GPU, from a built checkout (npm ci): what the GPU and driver are, which
# engines load (cairn doctor), and training throughput on each at batch 64 and 256.
set -u
cd "$(dirname "$0")/.."
[ -f dist/bench/gpu-check.js ] || npm run build:node >/dev/null
echo "== GPU"
if command -v nvidia-smi >/dev/null; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
  nvidia-smi | grep -o 'CUDA Version: [0-9.]*' || true
else
  echo "nvidia-smi not found"
fi
command -v vulkaninfo >/dev/null && vulkaninfo --summary 2>/dev/null | grep -E 'deviceName|driverName|apiVersion' | head -6
echo
echo "== Engines (cairn doctor)"
node bin/cairn.js doctor --data-dir "$(mktemp -d)"
echo
echo "== Training throughput"
node dist/bench/gpu-check.js
