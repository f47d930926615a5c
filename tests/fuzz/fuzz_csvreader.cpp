// libFuzzer target for vd::ingest::CsvReader. Built only with -DVITALDESK_FUZZ=ON (clang);
// see run_fuzz.sh.

#include <cstddef>
#include <cstdint>

#include "fuzzsupport.h"
#include "ingest/csvreader.h"

using namespace vd::ingest;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    ReadOptions options;
    options.maxIssues = 20;
    const std::uint8_t knob = size ? data[size - 1] : 0;
    if (knob & 1)
        options.notAfterMs = Q_INT64_C(1767225600000); // 2026-01-01
    const CsvReader reader(options);
    const QString name = QStringLiteral("fuzz.csv");

    const ReadBatch memory = reader.read(bytes, name);
    fuzz::checkBatch(memory);

    fuzz::TrickleDevice device(bytes, 1 + (knob >> 1) % 61);
    const ReadBatch chunked = reader.read(device, name);
    fuzz::checkBatch(chunked);
    fuzz::requireSame(memory, chunked);
    return 0;
}
