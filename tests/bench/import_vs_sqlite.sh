#!/usr/bin/env bash
# Import speed: `vitaldesk-cli import` against the sqlite3 shell's `.import` of the same rows.
#
#   tests/bench/import_vs_sqlite.sh [--rows N] [--patients P] [--cli PATH] [--work DIR] [--keep]
#
# 1. makes a demo database (`vitaldesk-cli demo --patients P --months 1`);
# 2. makes N readings for the demo's patients and devices (about 0.5 % out of range), as
#    CSV, as FHIR NDJSON (the same readings), and as the rows those readings become in
#    the readings table (ids resolved, natural key, created_at ...);
# 3. times `vitaldesk-cli import` of the CSV and of the NDJSON, each into a fresh copy of
#    the demo database, and the sqlite3 shell's `.import` of the table rows into another
#    fresh copy (the same readings table: same columns, CHECK and UNIQUE constraints and
#    indexes, holding the same demo rows, same journal mode);
# 4. prints the three times and the two ratios; exits 1 when a ratio is above --max-ratio
#    (default 2).
#
# Needs bash, sqlite3 and awk (mawk or gawk). Build vitaldesk-cli in Release or
# RelWithDebInfo for meaningful figures.
set -euo pipefail

rows=1000000
patients=1000
cli=""
work=""
keep=0
max_ratio=2
while [ $# -gt 0 ]; do
    case "$1" in
    --rows) rows=$2; shift 2 ;;
    --patients) patients=$2; shift 2 ;;
    --cli) cli=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    --max-ratio) max_ratio=$2; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "import_vs_sqlite.sh: unknown argument $1" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
if [ -z "$cli" ]; then
    for c in "$here/../../build/release/app/cli/vitaldesk-cli" \
             "$here/../../build/dev/app/cli/vitaldesk-cli"; do
        [ -x "$c" ] && cli=$c && break
    done
fi
[ -x "$cli" ] || { echo "import_vs_sqlite.sh: vitaldesk-cli not found (use --cli PATH)" >&2; exit 2; }
command -v sqlite3 >/dev/null || { echo "import_vs_sqlite.sh: sqlite3 not found" >&2; exit 2; }

if [ -z "$work" ]; then
    work=$(mktemp -d)
    [ "$keep" = 1 ] || trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$work"
cd "$work"
rm -f demo.sqlite* csv.sqlite* ndjson.sqlite* shell.sqlite* shellcache.sqlite*

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }

echo "== demo database: $patients patients, 1 month"
"$cli" demo --db demo.sqlite --patients "$patients" --months 1 >/dev/null 2>&1
demo_readings=$(sqlite3 demo.sqlite "SELECT COUNT(*) FROM readings")
echo "   $demo_readings readings already in it"

echo "== $rows readings as CSV, NDJSON and table rows"
# One line per usable device: mrn|serial|kind|patient id|device id
sqlite3 -separator '|' demo.sqlite \
    "SELECT p.mrn, d.serial, d.kind, p.id, d.id FROM devices d JOIN patients p ON p.id = d.patient_id
     WHERE d.kind IN ('bp_monitor','glucometer','scale','pulse_oximeter','thermometer')
     ORDER BY d.id" >devices.txt
max_id=$(sqlite3 demo.sqlite "SELECT COALESCE(MAX(id), 0) FROM readings")
now_ms=$(( $(date +%s) * 1000 ))
t0=$(date +%s%N | cut -c1-13)
TZ=UTC awk -F'|' -v rows="$rows" -v now_ms="$now_ms" -v first_id="$((max_id + 1))" -v created="$t0" '
    BEGIN { n = 0 }
    { mrn[n] = $1; serial[n] = $2; kind[n] = $3; pid[n] = $4; did[n] = $5; n++ }
    END {
        per = int((rows + n - 1) / n)
        span = 50 * 86400000                     # 50 days, ending a day ago
        step = int(span / per)
        start = now_ms - 86400000 - span
        start -= start % 1000
        print "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source" > "readings.csv"
        for (i = 0; i < rows; i++) {
            j = i % n
            t = start + int(i / n) * step
            t -= t % 1000
            iso = strftime("%Y-%m-%dT%H:%M:%SZ", t / 1000)
            k = kind[j]; v2 = ""; crisis = (i % 200 == 7)
            if (k == "bp_monitor") {
                rk = "bp"; unit = "mm[Hg]"; code = "85354-9"
                v = crisis ? 186 + i % 10 : 112 + (i * 7) % 40; v2 = 68 + (i * 3) % 20
            } else if (k == "glucometer") {
                rk = "glucose"; unit = "mg/dL"; code = "2339-0"
                v = crisis ? 52 : 88 + (i * 5) % 90
            } else if (k == "scale") {
                rk = "weight"; unit = "kg"; code = "29463-7"; v = 55 + (i % 500) / 10
            } else if (k == "pulse_oximeter") {
                rk = "spo2"; unit = "%"; code = "59408-5"; v = crisis ? 89 : 93 + i % 6
            } else {
                rk = "temperature"; unit = "Cel"; code = "8310-5"; v = 36.2 + (i % 9) / 10
            }
            print mrn[j] "," serial[j] "," iso "," rk "," v "," v2 "," unit ",device" > "readings.csv"

            subject = "\"subject\":{\"identifier\":{\"value\":\"" mrn[j] "\"}}"
            device = "\"device\":{\"identifier\":{\"value\":\"" serial[j] "\"}}"
            head = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"" code "\"}]}," subject "," device ",\"effectiveDateTime\":\"" iso "\","
            if (rk == "bp")
                body = "\"component\":[{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}]},\"valueQuantity\":{\"value\":" v ",\"unit\":\"mm[Hg]\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}},{\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"8462-4\"}]},\"valueQuantity\":{\"value\":" v2 ",\"unit\":\"mm[Hg]\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"mm[Hg]\"}}]}"
            else
                body = "\"valueQuantity\":{\"value\":" v ",\"unit\":\"" unit "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" unit "\"}}"
            print head body > "readings.ndjson"

            # The readings table row the import makes of it (columns in table order).
            ms = sprintf("%.0f", t)
            print (first_id + i) "," pid[j] "," did[j] "," rk "," v "," v2 "," unit "," ms ",device,vitaldesk:natural," pid[j] "|" did[j] "|" rk "|" ms ",," created ",1" > "table.csv"
        }
    }' devices.txt
ls -l readings.csv readings.ndjson table.csv | awk '{ printf "   %-16s %6.1f MB\n", $9, $5 / 1048576 }'

cp demo.sqlite csv.sqlite
cp demo.sqlite ndjson.sqlite
cp demo.sqlite shell.sqlite
cp demo.sqlite shellcache.sqlite

echo "== sqlite3 shell: .import of the table rows into the readings table (same indexes)"
sqlite3 shell.sqlite ".schema readings" | sed 's/^/   /'
a=$(now)
sqlite3 shell.sqlite <<SQL >/dev/null
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
.mode csv
.import table.csv readings
SQL
b=$(now)
shell_s=$(elapsed "$a" "$b")
shell_rows=$(( $(sqlite3 shell.sqlite "SELECT COUNT(*) FROM readings") - demo_readings ))
echo "   $shell_rows rows in $shell_s s"
[ "$shell_rows" = "$rows" ] || { echo "sqlite3 .import loaded $shell_rows rows" >&2; exit 1; }

# For reference: the shell with the page cache vitaldesk's import uses (BulkWriteCache).
a=$(now)
sqlite3 shellcache.sqlite <<SQL >/dev/null
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -262144;
.mode csv
.import table.csv readings
SQL
b=$(now)
shellcache_s=$(elapsed "$a" "$b")
echo "   with a 256 MiB page cache: $shellcache_s s"

echo "== vitaldesk-cli import readings.csv"
a=$(now)
set +e
"$cli" import --db csv.sqlite readings.csv >csv.out 2>&1
rc=$?
set -e
b=$(now)
csv_s=$(elapsed "$a" "$b")
sed 's/^/   /' csv.out | head -20
[ $rc = 0 ] || { echo "import of readings.csv failed (exit $rc)" >&2; exit 1; }

echo "== vitaldesk-cli import readings.ndjson"
a=$(now)
set +e
"$cli" import --db ndjson.sqlite readings.ndjson >ndjson.out 2>&1
rc=$?
set -e
b=$(now)
ndjson_s=$(elapsed "$a" "$b")
sed 's/^/   /' ndjson.out | head -20
[ $rc = 0 ] || { echo "import of readings.ndjson failed (exit $rc)" >&2; exit 1; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
csv_ratio=$(ratio "$csv_s" "$shell_s")
ndjson_ratio=$(ratio "$ndjson_s" "$shell_s")
echo
echo "rows: $rows (demo: $patients patients, $demo_readings readings before)"
printf "%-40s %8s s\n" "sqlite3 .import (table rows)" "$shell_s"
printf "%-40s %8s s\n" "sqlite3 .import, 256 MiB page cache" "$shellcache_s"
printf "%-40s %8s s   %sx  (%sx the cached shell)\n" "vitaldesk-cli import CSV" "$csv_s" \
    "$csv_ratio" "$(ratio "$csv_s" "$shellcache_s")"
printf "%-40s %8s s   %sx  (%sx the cached shell)\n" "vitaldesk-cli import NDJSON" "$ndjson_s" \
    "$ndjson_ratio" "$(ratio "$ndjson_s" "$shellcache_s")"
awk -v a="$csv_ratio" -v b="$ndjson_ratio" -v m="$max_ratio" 'BEGIN { exit !(a <= m && b <= m) }' \
    || { echo "ratio above $max_ratio" >&2; exit 1; }
