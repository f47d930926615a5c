#pragma once

// Shared by the ingest fuzz targets: a QIODevice that hands out its bytes a few at a time
// (so the chunked readers see records split anywhere), and the invariants every batch
// must satisfy. A violated invariant aborts, which libFuzzer reports as a crash.

#include <cstdint>
#include <cstdlib>
#include <cstring>

#include <QIODevice>

#include "ingest/readbatch.h"

namespace vd::ingest::fuzz {

class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(QByteArrayView data, qint64 step)
        : m_data(data)
        , m_step(step)
    {
        open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    }
    bool isSequential() const override { return false; }
    qint64 size() const override { return m_data.size(); }

protected:
    qint64 readData(char *out, qint64 maxSize) override
    {
        const qint64 left = m_data.size() - pos();
        const qint64 n = qMin(qMin(maxSize, m_step), left);
        if (n <= 0)
            return 0;
        std::memcpy(out, m_data.data() + pos(), std::size_t(n));
        return n;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArrayView m_data;
    qint64 m_step;
};

inline void require(bool condition)
{
    if (!condition)
        std::abort();
}

inline void checkBatch(const ReadBatch &b)
{
    if (!b.ok()) {
        require(b.readings.empty());
        require(b.patients.empty());
        require(b.devices.empty());
    }
    require(b.skippedCount >= qint64(b.skipped.size()));
    require(b.rejectedCount >= qint64(b.rejected.size()));
    qint64 sum = 0;
    for (const qint64 c : b.skipCounts)
        sum += c;
    require(sum == b.skippedCount);
    for (const ParsedReading &r : b.readings) {
        require(r.patient >= 0 && std::size_t(r.patient) < b.patients.size());
        require(r.device >= -1 && (r.device < 0 || std::size_t(r.device) < b.devices.size()));
        require(static_cast<int>(r.kind) < kindCount);
        require(r.value2.has_value() == (r.kind == Kind::BloodPressure));
        require(checkPlausible(r.kind, r.value1, r.value2).isEmpty());
        require(!r.location.isNull() || b.format == ReadBatch::Format::FhirJson);
        (void)b.locationOf(r);
    }
    for (const Issue &i : b.rejected)
        (void)i.toString();
    (void)b.skipSummary();
}

// The same input read from memory and through a trickling device gives the same batch.
inline void requireSame(const ReadBatch &a, const ReadBatch &b)
{
    require(a.fatalError == b.fatalError);
    require(a.format == b.format);
    require(a.readings.size() == b.readings.size());
    require(a.skippedCount == b.skippedCount);
    require(a.rejectedCount == b.rejectedCount);
    require(a.patients.size() == b.patients.size());
    require(a.devices.size() == b.devices.size());
    for (std::size_t i = 0; i < a.readings.size(); ++i) {
        const ParsedReading &x = a.readings[i];
        const ParsedReading &y = b.readings[i];
        require(x.kind == y.kind && x.takenAtMs == y.takenAtMs && x.patient == y.patient &&
                x.device == y.device && x.location == y.location && x.externalId == y.externalId);
        require((x.value1 == y.value1) || (x.value1 != x.value1 && y.value1 != y.value1));
    }
}

} // namespace vd::ingest::fuzz
