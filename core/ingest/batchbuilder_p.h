#pragma once

// Internal to vitaldesk_ingest: bookkeeping shared by the readers (issue lists with a cap,
// interned patients and devices, progress and cancellation) and the input plumbing that
// hands bytes to a record-oriented parser from memory, a mapped file or a QIODevice.

#include <QByteArray>
#include <QHash>
#include <QIODevice>

#include "ingest/readbatch.h"

namespace vd::ingest::detail {

class BatchBuilder
{
public:
    BatchBuilder(ReadBatch &batch, const ReadOptions &options);

    ReadBatch &batch() { return m_batch; }
    const ReadOptions &options() const { return m_options; }

    void skip(const Location &location, SkipReason reason, const QString &detail);
    void reject(const Location &location, const QString &reason);
    // Malformed input: `where` is a location inside the file ("line 3", "entry[2]
    // Observation.valueQuantity.value", "offset 120"), may be empty.
    void fatal(const QString &where, const QString &message);
    bool failed() const { return !m_batch.fatalError.isEmpty(); }

    // Reports progress when at least progressInterval bytes passed since the last report
    // (or `force`); returns false when the callback cancelled.
    bool progress(qint64 done, bool force = false);
    void setTotal(qint64 total) { m_total = total; }

    // Interning: the same key always gives the same index.
    qint32 patientIndex(const QString &key, bool *created);
    qint32 deviceIndex(const QString &key, bool *created);
    // Fast path for CSV: key is the raw bytes of the column; remembers the last one.
    qint32 patientFromBytes(QByteArrayView mrn);
    qint32 deviceFromBytes(QByteArrayView serial);

    // Called once at the end: on failure or cancellation, drops everything but the error.
    void finish();

private:
    ReadBatch &m_batch;
    const ReadOptions &m_options;
    qint64 m_total = -1;
    qint64 m_lastReport = 0;
    QHash<QString, qint32> m_patientKeys;
    QHash<QString, qint32> m_deviceKeys;
    QHash<QByteArray, qint32> m_patientBytes;
    QHash<QByteArray, qint32> m_deviceBytes;
    QByteArray m_lastPatientBytes;
    qint32 m_lastPatient = -1;
    QByteArray m_lastDeviceBytes;
    qint32 m_lastDevice = -1;
};

// consume(buffer, bufferOffset, atEof) parses complete records from the start of `buffer`
// and returns the number of bytes it is done with, or -1 to stop (fatal or cancelled).
// At EOF it must consume everything.
using ConsumeFn = std::function<qsizetype(QByteArrayView buffer, qint64 offset, bool atEof)>;

// Largest record (CSV record or NDJSON line) a device is buffered for.
inline constexpr qsizetype maxRecordBytes = 64 * 1024 * 1024;

// Feeds `device` in chunks, starting with `initial` (bytes already read from it). Returns
// false and sets a fatal error on read errors and on a record larger than maxRecordBytes.
bool feedDevice(QIODevice &device, BatchBuilder &builder, const ConsumeFn &consume,
                QByteArray initial = {});

// Reads up to `chunk` bytes; false at the end of the device (waits on sequential devices).
bool readChunk(QIODevice &device, QByteArray &buffer, qint64 chunk, BatchBuilder &builder);

// Opens `path` and calls `whole` with the mapped file when mapping works (no copy), else
// falls back to `chunked` with the opened file. Sets a fatal error when it cannot open.
void readPath(const QString &path, BatchBuilder &builder,
              const std::function<void(QByteArrayView)> &whole,
              const std::function<void(QIODevice &)> &chunked);

QString displayName(const QString &path);

inline QByteArrayView stripBom(QByteArrayView data)
{
    if (data.size() >= 3 && data[0] == '\xEF' && data[1] == '\xBB' && data[2] == '\xBF')
        return data.sliced(3);
    return data;
}

} // namespace vd::ingest::detail
