#!/usr/bin/env bash
# Rebuilds models/demo/fastchat-demo-260K.gguf: stories260K (../shared/models) fine-tuned with `fastchat train sft` on
# FastChat's public dummy conversations plus the identity questions, through `fastchat data prepare`.
# usage: bash models/demo/make-demo-model.sh [path/to/fastchat.dll]   (deterministic: seeded data order and init)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
shared="${FASTCHAT_SHARED:-$root/../shared}"
fastchat=(dotnet "${1:-$root/src/FastChat.Cli/bin/Release/net10.0/fastchat.dll}")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"${fastchat[@]}" data prepare -i "$shared/fastchat-data/dummy_conversation.json" -m "$shared/models/stories260K.gguf" \
  -o "$work" --prefix demo --max-length 256 --ratio 0.95 --no-html \
  --identity-name "FastChat Demo" --identity-organization "the FastChat.Native project"
"${fastchat[@]}" train sft -m "$shared/models/stories260K.gguf" -d "$work/demo_train_identity.json" \
  -o "$here/fastchat-demo-260K.gguf" --name fastchat-demo-260K --template vicuna_v1.1 --model-max-length 256 \
  --max-steps 200 --batch-size 8 --learning-rate 3e-3 --warmup-ratio 0.05 --weight-decay 0 --seed 42
