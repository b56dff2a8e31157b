#!/usr/bin/env bash
# Generates what release archives and packages ship beside the binary: shell
# completions (completions/) and man pages (manpages/, gzipped), from the
# command tree itself, so they never drift from the flags. GoReleaser runs it
# as a before-hook.
#
# Usage: scripts/release-assets.sh [VERSION [EPOCH]]
#   VERSION names the version in the man pages; EPOCH (seconds, default: the
#   last commit's time) dates them, so a release is reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."

SE06_VERSION=${1:-}
epoch=${2:-}
[[ $epoch =~ ^[0-9]+$ ]] || epoch=$(git log -1 --format=%ct 2>/dev/null || date +%s)
export SOURCE_DATE_EPOCH=$epoch
rm -rf completions manpages
mkdir -p completions manpages
bin=$(mktemp -d)/se06
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -ldflags "-X main.version=${SE06_VERSION}" -o "$bin" ./cmd/se06

"$bin" completion bash >completions/se06.bash
"$bin" completion zsh >completions/se06.zsh
"$bin" completion fish >completions/se06.fish
"$bin" completion powershell >completions/se06.ps1
"$bin" man --dir manpages 2>/dev/null
gzip -9 -n manpages/*.1
echo "release-assets: $(ls completions | wc -l) completion scripts, $(ls manpages | wc -l) man pages"
