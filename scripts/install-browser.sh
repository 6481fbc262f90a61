#!/usr/bin/env bash
# Debian's Chromium for the browser test (Playwright drives the system Chromium; it never
# downloads a browser). Needs root and the Debian mirror; harmless when already there.
set -uo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then exit 1; fi
(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1
[ -x /usr/bin/chromium ]
