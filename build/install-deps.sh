#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing (Debian packages): a C/C++ compiler, CMake, and
# python3 (the FastChat interop tests in tests/FastChat.Serving.Tests/Interop run real Python, standard library only).
# The .NET 10 SDK must already be on PATH (it is on this project's machines; apt cannot provide it).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

missing=()
command -v cmake >/dev/null 2>&1 || missing+=(cmake)
command -v c++ >/dev/null 2>&1 || missing+=(g++)
command -v cc >/dev/null 2>&1 || missing+=(gcc)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK (dotnet) is not on PATH; install it from https://dot.net and retry" >&2
  exit 1
fi
