#!/usr/bin/env bash
# Builds everything, then runs the main job: serve the embedded demo chat model (models/demo) with the
# OpenAI-compatible API on http://127.0.0.1:8000/v1 until Ctrl+C. Extra arguments go to `fastchat serve`
# (e.g. -m MODEL.gguf --port 9000 --api-keys KEY).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$REPO_ROOT"
"$REPO_ROOT/build/build.sh"

fastchat="$REPO_ROOT/src/FastChat.Cli/bin/$CONFIGURATION/net10.0/fastchat.dll"
log "fastchat info"
dotnet "$fastchat" info
log "fastchat serve $*   (with the default port, try: curl http://127.0.0.1:8000/v1/chat/completions -H 'Content-Type: application/json' -d '{\"model\":\"fastchat-demo-260K\",\"messages\":[{\"role\":\"user\",\"content\":\"Who are you?\"}]}')"
exec dotnet "$fastchat" serve "$@"
