#!/bin/sh
# Runs an ingest fuzz target on a seed corpus generated here, outside the source tree.
#
#   tests/fuzz/run_fuzz.sh fhir|csv SECONDS [BIN_DIR]
#
# BIN_DIR defaults to build/fuzz/tests/fuzz (cmake --preset fuzz && cmake --build
# build/fuzz --target fuzz_fhirreader fuzz_csvreader). The corpus, crash artifacts and log
# go to BIN_DIR/work-<target>/. SECONDS=0 runs $FUZZ_RUNS executions instead (smoke test).
# The FHIR corpus also gets copies of the shared third-party fixtures
# ($VITALDESK_SHARED_DIR/fixtures/fhir) at run time; nothing is written into the repository.
set -eu

target=${1:?usage: run_fuzz.sh fhir|csv SECONDS [BIN_DIR]}
seconds=${2:?usage: run_fuzz.sh fhir|csv SECONDS [BIN_DIR]}
here=$(cd "$(dirname "$0")" && pwd)
bindir=${3:-$here/../../build/fuzz/tests/fuzz}
bin=$bindir/fuzz_${target}reader
[ -x "$bin" ] || { echo "no fuzz target $bin (build it first)" >&2; exit 2; }

work=$bindir/work-$target
corpus=$work/corpus
seeds=$work/seeds
mkdir -p "$corpus" "$seeds" "$work/artifacts"

seed() { printf '%s' "$2" > "$seeds/$1"; }

if [ "$target" = fhir ]; then
    obs='{"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-05T08:30:00-05:00","valueQuantity":{"value":72,"unit":"beats/min","system":"http://unitsofmeasure.org","code":"/min"}}'
    bp='{"resourceType":"Observation","id":"b1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"urn:uuid:p"},"device":{"reference":"#d"},"contained":[{"resourceType":"Device","id":"d","serialNumber":"SN1"}],"effectivePeriod":{"start":"2024-03-05T13:30:00Z"},"component":[{"code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"valueQuantity":{"value":128,"code":"mm[Hg]"}},{"code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"valueQuantity":{"value":82,"code":"mm[Hg]"}}]}'
    sys='{"resourceType":"Observation","id":"s","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8480-6"}]},"subject":{"identifier":{"value":"MRN1"}},"effectiveInstant":"2024-03-05T13:30:00.000Z","valueQuantity":{"value":121,"code":"mm[Hg]"}}'
    dia='{"resourceType":"Observation","id":"d","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8462-4"}]},"subject":{"identifier":{"value":"MRN1"}},"effectiveInstant":"2024-03-05T13:30:00.000Z","valueQuantity":{"value":79,"code":"mm[Hg]"}}'
    wt='{"resourceType":"Observation","status":"amended","identifier":[{"system":"urn:x","value":"w1"}],"code":{"coding":[{"system":"http://loinc.org","code":"29463-7"},{"system":"http://loinc.org","code":"3141-9"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-05","valueQuantity":{"value":185,"code":"[lb_av]"}}'
    glu='{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"15074-8"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-05T08:30:00+01:00","valueQuantity":{"value":6.3,"comparator":"<","code":"mmol/L"}}'
    tmp='{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"subject":{"reference":"Group/g"},"effectiveDateTime":"2024-03-05T08:30:00","valueQuantity":{"value":98.6,"code":"[degF]"}}'
    spo='{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"2708-6"},{"system":"http://loinc.org","code":"59408-5"}]},"subject":{"reference":"Patient/p1"},"effectiveDateTime":"2024-03-05T08:30:00Z","component":[{"code":{"coding":[{"system":"http://loinc.org","code":"2708-6"}]},"valueQuantity":{"value":97,"code":"%"}}]}'
    pat='{"resourceType":"Patient","id":"p1","identifier":[{"type":{"coding":[{"code":"MR"}]},"value":"MRN-1"}]}'
    dev='{"resourceType":"Device","id":"d1","serialNumber":"SN-1","identifier":[{"value":"MAC"}]}'
    seed obs.json "$obs"
    seed bp.json "$bp"
    seed bundle.json "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"fullUrl\":\"urn:uuid:p\",\"resource\":$pat},{\"resource\":$dev},{\"resource\":$bp},{\"resource\":$sys},{\"resource\":$dia},{\"request\":{\"method\":\"DELETE\"}}]}"
    seed bundle-pretty.json "{
  \"resourceType\": \"Bundle\",
  \"entry\": [ { \"resource\": $wt }, { \"resource\": $glu }, { \"resource\": $tmp } ]
}"
    seed obs.ndjson "$pat
$obs
$sys

$dia
$spo
$dev"
    seed crlf-bom.ndjson "$(printf '\357\273\277')$obs$(printf '\r')
$wt$(printf '\r')
"
    seed status.json '{"resourceType":"Observation","status":"entered-in-error","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"dataAbsentReason":{"coding":[{"code":"masked"}]}}'
    seed value-string.json '{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"9279-1"}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-03-05T08:30:00Z","valueString":"16"}'
    seed wrong-type.json '{"resourceType":"Observation","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"subject":{"reference":"Patient/p"},"effectiveDateTime":"2024-03-05T08:30:00Z","valueQuantity":{"value":"72"}}'
    seed truncated.json '{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Observation","status":'
    if [ -n "${VITALDESK_SHARED_DIR:-}" ] && [ -d "$VITALDESK_SHARED_DIR/fixtures/fhir" ]; then
        cp "$VITALDESK_SHARED_DIR"/fixtures/fhir/F*.json "$seeds"/
    fi
    dict=$here/fhir.dict
    maxlen=65536
else
    h='patient_mrn,device_serial,measured_at,kind,value,value2,unit,source'
    seed basic.csv "$h
MRN-1,BP-1,2024-03-05T08:30:00-05:00,bp,128,82,mm[Hg],device
MRN-1,BP-1,2024-03-05T08:30:00-05:00,heart_rate,72,,/min,device
MRN-2,,2024-03-05T13:30:00Z,weight,185,,[lb_av],manual
MRN-2,GL,2024-03-05T13:31:00Z,glucose,5.5,,mmol/L,device
MRN-2,OX,2024-03-05T13:32:00Z,spo2,97,,%,device
MRN-2,TH,2024-03-05T13:33:00Z,temperature,98.6,,[degF],device
MRN-2,,2024-03-05T13:34:00Z,respiratory_rate,16,,,manual
"
    seed semicolon.csv "$(printf '\357\273\277')patient_mrn;measured_at;kind;value;value2;unit;source$(printf '\r')
\"P;1\";2024-03-05T08:30:00+01:00;weight;72,5;;kg;device$(printf '\r')
P2;2024-03-05T08:30:00+0100;85354-9;120;80;;manual$(printf '\r')
"
    seed quoted.csv "source,value,kind,measured_at,patient_mrn,unit,external_id
\"device\",\"70\",\"heart_rate\",\"2024-03-05T13:30:00Z\",\"A \"\"quoted\"\"
multi-line mrn\",\"/min\",x1
manual,71,8867-4,2024-03-05T13:30:00Z,B,,
"
    seed tab.csv "$(printf 'patient_mrn\tmeasured_at\tkind\tvalue\tsource\nP\t2024-03-05T13:30:00Z\tspo2\t97\tdevice\n')"
    seed errors.csv "$h
P,S,2024-03-05T08:30:00,heart_rate,70,,/min,device
P,S,2024-03-05,heart_rate,70,,/min,device
P,S,2024-03-05T13:30:00Z,bp,400,80,,device
P,S,2024-03-05T13:30:00Z,bp,80,90,,device
P,S,2024-03-05T13:30:00Z,battery,80,,%,device
\"P\"x,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device
P,S,2024-03-05T13:30:00Z,heart_rate
"
    seed missing-column.csv "patient_mrn,kind,value
P,heart_rate,70
"
    seed unterminated.csv "$h
\"P,S,2024-03-05T13:30:00Z,heart_rate,70,,/min,device
"
    dict=$here/csv.dict
    maxlen=16384
fi

if [ "$seconds" = 0 ]; then
    limit="-runs=${FUZZ_RUNS:-3000}"
else
    limit="-max_total_time=$seconds"
fi
echo "fuzz_${target}reader: $limit, corpus $corpus"
exec "$bin" "$corpus" "$seeds" -dict="$dict" -max_len=$maxlen $limit \
    -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/"
