#!/usr/bin/env bash
# Loads the HTML reports in headless Chromium and checks what the page's script drew.
#
# - the demo corpus report (whatever the pipeline finds today), and
# - the hand-built fixture (tests/fixtures/report.json), which has every change kind, name
#   variants, quotes, a collation and hostile articles whose payloads set document.title to
#   XSSED if they ever run. (alert() would hang a headless browser; a title change is visible
#   in the dumped DOM.)
#
# Usage: scripts/browser-test.sh            (from the repository root)
# Screenshot for reviewers:
#   chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir=$(mktemp -d) \
#     --screenshot=target/report.png --window-size=1400,2000 file://$PWD/target/fixture-report.html
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ]; then
  echo "installing chromium (Debian package)" >&2
  apt-get update && apt-get install -y chromium
fi

cargo build --release --quiet
cargo run --release --quiet -- scan tests/corpora/demo --format html -o target/demo-report.html || {
  # Exit code 1 means "findings"; anything else is a real failure.
  code=$?; [ "$code" -eq 1 ] || exit "$code"; }
cargo run --release --quiet --example render_fixture -- html target/fixture-report.html
cargo run --release --quiet --example render_fixture -- big target/big-report.html

fail=0
check() { # check <file> <description> <grep -E pattern>
  if grep -Eq -- "$3" "$1"; then echo "ok   $2"; else echo "FAIL $2"; fail=1; fi
}
check_not() {
  if grep -Eq -- "$3" "$1"; then echo "FAIL $2"; fail=1; else echo "ok   $2"; fi
}

dump() { # dump <html> <out>
  local profile; profile=$(mktemp -d)
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=5000 --enable-logging=stderr --v=0 \
    --dump-dom "file://$PWD/$1" > "$2.raw" 2> "$2.log"
  rm -rf "$profile"
  # A script error leaves a half-drawn page; the console log names it.
  if grep -q "Uncaught" "$2.log"; then
    echo "FAIL $1: script error: $(grep -m1 Uncaught "$2.log")"; fail=1
  fi
  # The embedded data holds the hostile text as JSON (escaped); check what was drawn, not it.
  grep -v 'id="wirediff-data"' "$2.raw" > "$2"
}

dump target/demo-report.html target/demo-report.dom.html
check target/demo-report.dom.html "demo: the script drew the page" '<h1>wirediff report</h1>'
# One card per finding: Coastal Times' flipped negation is one card against the four others.
n=$(grep -o 'class="badge k-negation">negation</span>' target/demo-report.dom.html | wc -l)
if [ "$n" -eq 1 ]; then echo "ok   demo: one negation card"; else echo "FAIL demo: $n negation cards"; fail=1; fi
check target/demo-report.dom.html "demo: the card names the odd one out" 'Coastal Times against 4 outlets'
check target/demo-report.dom.html "demo: sentence differences grouped across pairs" \
  '<div class="ph">Harbour Daily s[0-9]+, Northern Wire s[0-9]+, Scraped News s[0-9]+</div>'
check target/demo-report.dom.html "demo: repeats named under the group that showed them" 'only repeats? changes shown above'

# A report with dangling ids and a parent cycle must still draw without a script error.
python3 - <<'PY'
import json
r = json.load(open("tests/fixtures/report.json"))
r["articles"] = []
r["clusters"][0]["parent"] = "story-1"
r["clusters"][1]["parent"] = "near-duplicate-1"
r["alignments"][0]["cluster"] = "nowhere"
r["quotes"][0]["versions"] = []
r["collations"][1]["rows"][0]["cells"] = [None]
json.dump(r, open("target/broken-report.json", "w"))
PY
WIREDIFF_REPORT=target/broken-report.json \
  cargo run --release --quiet --example render_fixture -- html target/broken-report.html
dump target/broken-report.html target/broken-report.dom.html
check target/broken-report.dom.html "inconsistent report: page drawn" 'Showing 1–3 of 3 clusters<'

dump target/fixture-report.html target/fixture-report.dom.html
D=target/fixture-report.dom.html
check "$D" "fixture: page drawn" '<h1>wirediff report</h1>'
check "$D" "fixture: name-variant table" '<table class="names">'
check "$D" "fixture: variant spelling Brenecke shown" '<td class="spell-bad">Brenecke</td>'
check "$D" "fixture: quotes table with statuses" 'class="badge st-verbatim".*class="badge st-reworded"'
check "$D" "fixture: contradicting quote among the serious differences" 'contradicting quote</span>'
check "$D" "fixture: highlighted negation" '<span class="chg k-negation sev-3"[^>]*>not</span>'
check "$D" "fixture: highlighted number" '<span class="chg k-number sev-3"[^>]*>1,400</span>'
check "$D" "fixture: highlighted spelling" 'class="chg k-spelling'
check "$D" "fixture: collation table" '<table class="collation">'
check "$D" "fixture: kind legend chips" 'class="chip k-joined"'
check_not "$D" "xss: title unchanged" '<title>[^<]*XSSED'
check "$D" "xss: hostile script text shown as text" '&lt;script&gt;document.title=.XSSED.&lt;/script&gt;'
check_not "$D" "xss: no element created from article text (img onerror)" '<img'
check_not "$D" "xss: no onmouseover/onerror attribute on any element" '<[a-zA-Z][^<>]* on(error|mouseover)='
check_not "$D" "xss: javascript: URL never a link" 'href="javascript:'
check "$D" "safe http URL became a link" 'href="https://coastaltimes.example/'

# Filters, set through the URL fragment as a bookmark would.
filtered() { # filtered <fragment> <description> <expected count text>
  local profile; profile=$(mktemp -d)
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --virtual-time-budget=5000 --dump-dom \
    "file://$PWD/target/fixture-report.html#$1" 2>/dev/null | grep -v 'id="wirediff-data"' \
    > target/filtered.dom.html
  rm -rf "$profile"
  check target/filtered.dom.html "filter #$1: $2" "$3"
}
filtered "outlet=Coastal%20Times" "one story has Coastal Times" 'Showing 1–1 of 1 cluster<'
filtered "q=xssed" "search finds the hostile story by its text" 'Showing 1–1 of 1 cluster<.*story-2'
filtered "kinds=joined" "only the story with joined words" 'Showing 1–1 of 1 cluster<.*class="chg k-joined'
filtered "kinds=punctuation&sev=3" "no high-severity punctuation" 'No cluster matches the filters'
filtered "" "no filter: both stories" 'Showing 1–2 of 2 clusters<'
filtered "open=all" "every cluster body drawn (as for printing)" 'class="badge st-contradicting"'

# Large reports: the generated 10,000-article report must open with a bounded DOM.
if [ -f target/big-report.html ]; then
  start=$(date +%s%N)
  dump target/big-report.html target/big-report.dom.html
  echo "     big: headless load and dump took $(( ($(date +%s%N) - start) / 1000000 )) ms"
  check target/big-report.dom.html "big: page drawn" '<h1>wirediff report</h1>'
  echo "     big: parsed and drawn $(grep -o 'data-ready-ms="[0-9]*"' target/big-report.dom.html) after navigation start"
  n=$(grep -o '<details class="cluster"' target/big-report.dom.html | wc -l)
  if [ "$n" -le 20 ]; then echo "ok   big: $n cluster cards in the DOM (one page)"; else echo "FAIL big: $n cluster cards"; fail=1; fi
  echo "     big: $(wc -c < target/big-report.html) bytes of HTML, $(wc -c < target/big-report.dom.html) bytes of drawn DOM (without the data)"
fi

exit $fail
