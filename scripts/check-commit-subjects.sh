#!/usr/bin/env bash
# Commit subjects stay at 72 characters or fewer. History before the rule (up to f8e3549) is
# left as it was published; a shallow clone without that commit checks what it has.
set -euo pipefail
base=f8e3549
if git cat-file -e "$base^{commit}" 2>/dev/null; then range="$base..HEAD"; else range=HEAD; fi
long=$(git log --format='%h %s' "$range" | awk '{ s = $0; sub(/^[^ ]+ /, "", s); if (length(s) > 72) print }')
if [ -n "$long" ]; then
  echo "commit subjects over 72 characters:" >&2
  echo "$long" >&2
  exit 1
fi
