// libFuzzer target for vd::ingest::FhirReader (single resources, Bundles and NDJSON).
// Built only with -DVITALDESK_FUZZ=ON (clang); see run_fuzz.sh.

#include <cstddef>
#include <cstdint>

#include "fuzzsupport.h"
#include "ingest/fhirreader.h"

using namespace vd::ingest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    ReadOptions options;
    options.maxIssues = 20;
    // The last byte picks the options and how many bytes the device hands out per read.
    const std::uint8_t knob = size ? data[size - 1] : 0;
    if (knob & 1) {
        options.dateOnly = DateOnlyPolicy::AssumeNoon;
        options.dateOnlyZone = QTimeZone::utc();
    }
    if (knob & 2)
        options.skippedStatuses.clear();
    const FhirReader reader(options);
    const QString name = QStringLiteral("fuzz.json");

    const ReadBatch memory = reader.read(bytes, name);
    fuzz::checkBatch(memory);

    fuzz::TrickleDevice device(bytes, 1 + (knob >> 2) % 61);
    const ReadBatch chunked = reader.read(device, name);
    fuzz::checkBatch(chunked);
    fuzz::requireSame(memory, chunked);
    return 0;
}
