#include "ingest/batchbuilder_p.h"

#include <QFile>
#include <QFileInfo>

#include "ingest/guard_p.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::ingest::detail {

BatchBuilder::BatchBuilder(ReadBatch &batch, const ReadOptions &options)
    : m_batch(batch)
    , m_options(options)
{}

void BatchBuilder::skip(const Location &location, SkipReason reason, const QString &detail)
{
    ++m_batch.skippedCount;
    ++m_batch.skipCounts[static_cast<std::size_t>(reason)];
    if (m_batch.skipped.size() < static_cast<std::size_t>(qMax(0, m_options.maxIssues)))
        m_batch.skipped.push_back(Issue{m_batch.sourceName, location, detail, reason});
}

void BatchBuilder::reject(const Location &location, const QString &reason)
{
    ++m_batch.rejectedCount;
    if (m_batch.rejected.size() < static_cast<std::size_t>(qMax(0, m_options.maxIssues)))
        m_batch.rejected.push_back(Issue{m_batch.sourceName, location, reason, std::nullopt});
}

void BatchBuilder::fatal(const QString &where, const QString &message)
{
    if (failed())
        return; // keep the first error
    QString text = m_batch.sourceName.isEmpty() ? u"<input>"_s : m_batch.sourceName;
    if (!where.isEmpty())
        text += u' ' + where;
    text += u": "_s + message;
    m_batch.fatalError = text;
}

bool BatchBuilder::progress(qint64 done, bool force)
{
    m_batch.bytesRead = done;
    if (!m_options.progress)
        return true;
    if (!force && done - m_lastReport < m_options.progressInterval)
        return true;
    m_lastReport = done;
    if (m_options.progress(done, m_total))
        return true;
    m_batch.cancelled = true;
    fatal({}, u"reading cancelled"_s);
    return false;
}

qint32 BatchBuilder::patientIndex(const QString &key, bool *created)
{
    const auto it = m_patientKeys.constFind(key);
    if (it != m_patientKeys.constEnd()) {
        *created = false;
        return it.value();
    }
    const auto index = static_cast<qint32>(m_batch.patients.size());
    m_batch.patients.emplace_back();
    m_patientKeys.insert(key, index);
    *created = true;
    return index;
}

qint32 BatchBuilder::deviceIndex(const QString &key, bool *created)
{
    const auto it = m_deviceKeys.constFind(key);
    if (it != m_deviceKeys.constEnd()) {
        *created = false;
        return it.value();
    }
    const auto index = static_cast<qint32>(m_batch.devices.size());
    m_batch.devices.emplace_back();
    m_deviceKeys.insert(key, index);
    *created = true;
    return index;
}

qint32 BatchBuilder::patientFromBytes(QByteArrayView mrn)
{
    if (m_lastPatient >= 0 && QByteArrayView(m_lastPatientBytes) == mrn)
        return m_lastPatient;
    const QByteArray probe = QByteArray::fromRawData(mrn.data(), mrn.size());
    auto it = m_patientBytes.constFind(probe);
    if (it == m_patientBytes.constEnd()) {
        const auto index = static_cast<qint32>(m_batch.patients.size());
        PatientInfo info;
        info.mrn = QString::fromUtf8(mrn);
        m_batch.patients.push_back(std::move(info));
        it = m_patientBytes.insert(mrn.toByteArray(), index);
    }
    m_lastPatientBytes = it.key(); // shared with the hash, no copy
    m_lastPatient = it.value();
    return m_lastPatient;
}

qint32 BatchBuilder::deviceFromBytes(QByteArrayView serial)
{
    if (m_lastDevice >= 0 && QByteArrayView(m_lastDeviceBytes) == serial)
        return m_lastDevice;
    const QByteArray probe = QByteArray::fromRawData(serial.data(), serial.size());
    auto it = m_deviceBytes.constFind(probe);
    if (it == m_deviceBytes.constEnd()) {
        const auto index = static_cast<qint32>(m_batch.devices.size());
        DeviceInfo info;
        info.serial = QString::fromUtf8(serial);
        m_batch.devices.push_back(std::move(info));
        it = m_deviceBytes.insert(serial.toByteArray(), index);
    }
    m_lastDeviceBytes = it.key(); // shared with the hash, no copy
    m_lastDevice = it.value();
    return m_lastDevice;
}

void BatchBuilder::finish()
{
    if (!failed())
        return;
    m_batch.readings.clear();
    m_batch.readings.shrink_to_fit();
    m_batch.patients.clear();
    m_batch.devices.clear();
}

bool readChunk(QIODevice &device, QByteArray &buffer, qint64 chunk, BatchBuilder &builder)
{
    const qsizetype old = buffer.size();
    buffer.resize(old + chunk);
    const qint64 got = device.read(buffer.data() + old, chunk);
    if (got < 0) {
        buffer.resize(old);
        builder.fatal({}, u"read error: "_s + device.errorString());
        return false;
    }
    buffer.resize(old + got);
    if (got > 0)
        return true;
    return !device.atEnd() && device.waitForReadyRead(30000);
}

bool feedDevice(QIODevice &device, BatchBuilder &builder, const ConsumeFn &consume,
                QByteArray initial)
{
    constexpr qint64 chunkSize = 1 << 20;
    QByteArray buffer = std::move(initial);
    qint64 offset = 0;
    bool eof = false;
    while (true) {
        if (!eof) {
            eof = !readChunk(device, buffer, chunkSize, builder);
            if (builder.failed())
                return false;
        }
        const qsizetype used = consume(QByteArrayView(buffer), offset, eof);
        if (used < 0)
            return false;
        buffer.remove(0, used);
        offset += used;
        if (eof)
            return true;
        if (buffer.size() > maxRecordBytes) {
            builder.fatal(u"offset "_s + QString::number(offset),
                          u"a record is longer than "_s + QString::number(maxRecordBytes) +
                              u" bytes"_s);
            return false;
        }
    }
}

void readPath(const QString &path, BatchBuilder &builder,
              const std::function<void(QByteArrayView)> &whole,
              const std::function<void(QIODevice &)> &chunked)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        builder.fatal({}, u"cannot open: "_s + file.errorString());
        return;
    }
    const qint64 size = file.size();
    builder.setTotal(size);
    if (size == 0) {
        whole(QByteArrayView());
        return;
    }
    if (uchar *mapped = file.map(0, size)) {
        whole(QByteArrayView(reinterpret_cast<const char *>(mapped), size));
        file.unmap(mapped);
        return;
    }
    chunked(file);
}

QString displayName(const QString &path)
{
    return QFileInfo(path).fileName();
}

} // namespace vd::ingest::detail
