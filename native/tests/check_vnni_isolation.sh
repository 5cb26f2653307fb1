#!/usr/bin/env bash
# The AVX-512 kernel files are compiled with -mavx512vnni so their *_vnni variants can use vpdpbusd; the other
# variants in the same files run on AVX-512 CPUs without VNNI (Skylake-X). This check fails if the compiler put a
# VNNI instruction (e.g. by auto-vectorising a scalar tail) into any function whose name does not say vnni.
set -euo pipefail
command -v objdump >/dev/null || { echo "objdump not found (binutils)"; exit 1; }
found=0
for object in "$@"; do
  [[ "$object" == *avx512* ]] || continue
  offenders=$(objdump -d --no-show-raw-insn "$object" |
    awk '/^[0-9a-f]+ <.*>:$/ { fn = $2 } /vpdpbusd|vpdpwssd/ && fn !~ /vnni/ { print fn }' | sort -u)
  if [[ -n "$offenders" ]]; then
    echo "VNNI instructions outside *vnni* functions in $object: $offenders"
    found=1
  fi
done
[[ $found == 0 ]] && echo "no VNNI instruction outside *vnni* functions"
exit $found
