#include "readingrepository.h"

#include <atomic>
#include <memory>

#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#ifdef VITALDESK_NATIVE_SQLITE
#include <sqlite3.h>
#endif

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

std::atomic<bool> g_nativeBinding{true};

const QString kInsertReading =
    u"INSERT INTO readings (patient_id, device_id, kind, value1, value2, unit, taken_at, "
    "source, external_source, external_id, batch_id, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (external_source, external_id) DO NOTHING"_s;

#ifdef VITALDESK_NATIVE_SQLITE

// The SQLite handle behind a Qt connection, when this library may use it: only when Qt's
// SQLite plugin runs on this very library (the system SQLite, as Debian's plugin does). A
// plugin with a bundled copy of SQLite hands out handles only that copy may touch; the
// source ids then differ and the portable Qt path is used.
sqlite3 *nativeHandle(const QSqlDatabase &db)
{
    if (!g_nativeBinding.load() || db.driverName() != u"QSQLITE"_s || !db.driver())
        return nullptr;
    const QVariant v = db.driver()->handle();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    sqlite3 *handle = *static_cast<sqlite3 *const *>(v.constData());
    if (!handle)
        return nullptr;
    static std::atomic<int> sameLibrary{-1};
    if (sameLibrary.load() < 0) {
        QSqlQuery q(db);
        sameLibrary = q.exec(u"SELECT sqlite_source_id()"_s) && q.next() &&
                              q.value(0).toString().toUtf8() == QByteArray(sqlite3_sourceid())
                          ? 1
                          : 0;
    }
    return sameLibrary.load() == 1 ? handle : nullptr;
}

// UTF-8 of the few strings that repeat in every row (kinds, units, sources), converted once.
class Utf8Cache
{
public:
    const QByteArray &of(const QString &text)
    {
        for (const auto &[key, utf8] : m_entries) {
            if (key.isSharedWith(text))
                return utf8;
        }
        for (const auto &[key, utf8] : m_entries) {
            if (key == text)
                return utf8;
        }
        if (m_entries.size() >= 64)
            m_entries.erase(m_entries.begin());
        m_entries.emplace_back(text, text.toUtf8());
        return m_entries.back().second;
    }

private:
    std::vector<std::pair<QString, QByteArray>> m_entries;
};

// The same INSERT as the Qt path, bound through the C API: no QVariant, no placeholder
// names, UTF-8 instead of UTF-16 text (see tests/bench/bench_import.cpp for the gain).
Result<ReadingWriteStats> writeNative(sqlite3 *db, std::span<const Reading> readings, StaffId actor,
                                      qint64 now, const ReadingRepository::InsertedSink &inserted)
{
    const auto sqliteError = [db](const QString &what) {
        return fail(u"%1 failed: %2"_s.arg(what, QString::fromUtf8(sqlite3_errmsg(db))));
    };
    const QByteArray sql = kInsertReading.toUtf8();
    sqlite3_stmt *raw = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &raw, nullptr) != SQLITE_OK)
        return sqliteError(u"preparing to store readings"_s);
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt *)> stmt(raw, sqlite3_finalize);

    Utf8Cache cache;
    const QByteArray natural = ReadingRepository::naturalKeySource().toUtf8();
    const auto bindText = [&](int column, const QByteArray &utf8, bool transient) {
        sqlite3_bind_text(raw, column, utf8.constData(), int(utf8.size()),
                          transient ? SQLITE_TRANSIENT : SQLITE_STATIC);
    };
    ReadingWriteStats stats;
    QByteArray key;
    for (std::size_t i = 0; i < readings.size(); ++i) {
        const Reading &r = readings[i];
        sqlite3_bind_int64(raw, 1, r.patientId);
        if (r.deviceId > 0)
            sqlite3_bind_int64(raw, 2, r.deviceId);
        else
            sqlite3_bind_null(raw, 2);
        const QByteArray &kind = cache.of(r.kind);
        bindText(3, kind, false);
        sqlite3_bind_double(raw, 4, r.value1);
        if (r.value2)
            sqlite3_bind_double(raw, 5, *r.value2);
        else
            sqlite3_bind_null(raw, 5);
        bindText(6, cache.of(r.unit), false);
        sqlite3_bind_int64(raw, 7, r.takenAtMs);
        bindText(8, cache.of(r.source), false);
        if (!r.externalId.isEmpty()) {
            if (r.externalSource.isEmpty())
                sqlite3_bind_null(raw, 9);
            else
                bindText(9, cache.of(r.externalSource), false);
            key = r.externalId.toUtf8();
        } else {
            bindText(9, natural, false);
            // naturalKey(), without the QString round trip.
            key.setNum(r.patientId);
            key += '|';
            key += QByteArray::number(r.deviceId);
            key += '|';
            key += kind;
            key += '|';
            key += QByteArray::number(r.takenAtMs);
        }
        bindText(10, key, true);
        if (r.batchId > 0)
            sqlite3_bind_int64(raw, 11, r.batchId);
        else
            sqlite3_bind_null(raw, 11);
        sqlite3_bind_int64(raw, 12, now);
        sqlite3_bind_int64(raw, 13, actor);
        if (sqlite3_step(raw) != SQLITE_DONE) {
            Error e = sqliteError(u"storing a %1 reading"_s.arg(r.kind));
            sqlite3_reset(raw);
            return e;
        }
        if (sqlite3_changes(db) > 0) {
            ++stats.inserted;
            if (inserted)
                inserted(i, sqlite3_last_insert_rowid(db));
        } else {
            ++stats.duplicates;
        }
        sqlite3_reset(raw);
    }
    return stats;
}

#endif

} // namespace

BulkWriteCache::BulkWriteCache(QSqlDatabase db, int mebibytes)
    : m_db(std::move(db))
{
    if (m_db.driverName() != u"QSQLITE"_s)
        return;
    QSqlQuery q(m_db);
    if (q.exec(u"PRAGMA cache_size"_s) && q.next())
        m_previous = q.value(0);
    q.finish();
    // Negative: in KiB rather than pages.
    q.exec(u"PRAGMA cache_size = %1"_s.arg(-qint64(mebibytes) * 1024));
}

BulkWriteCache::~BulkWriteCache()
{
    if (m_previous.isValid())
        QSqlQuery(m_db).exec(u"PRAGMA cache_size = %1"_s.arg(m_previous.toLongLong()));
}

ReadingRepository::ReadingRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

bool ReadingRepository::usesNativeBinding(const QSqlDatabase &db)
{
#ifdef VITALDESK_NATIVE_SQLITE
    return nativeHandle(db) != nullptr;
#else
    Q_UNUSED(db);
    return false;
#endif
}

void ReadingRepository::setNativeBindingEnabled(bool enabled)
{
    g_nativeBinding = enabled;
}

QString ReadingRepository::naturalKeySource()
{
    return u"vitaldesk:natural"_s;
}

QString ReadingRepository::naturalKey(const Reading &r)
{
    return QString::number(r.patientId) + u'|' + QString::number(r.deviceId) + u'|' + r.kind +
           u'|' + QString::number(r.takenAtMs);
}

Status ReadingRepository::insert(StaffId actor, const std::vector<Reading> &readings,
                                 qint64 *duplicates)
{
    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to store readings"_s);
    Result<ReadingWriteStats> stats = write(actor, readings);
    if (!stats)
        return fail(stats.error());
    if (duplicates)
        *duplicates = stats->duplicates;
    if (stats->inserted > 0) {
        if (Status s = AuditLog(m_db, m_clock)
                           .append(actor, u"create"_s, u"readings"_s, 0,
                                   u"%1 readings"_s.arg(stats->inserted));
            !s)
            return s;
    }
    return tx.commit();
}

Result<ReadingWriteStats> ReadingRepository::write(StaffId actor, std::span<const Reading> readings,
                                                   const InsertedSink &inserted)
{
    ReadingWriteStats stats;
    if (readings.empty())
        return stats;
    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to store readings"_s);
    const qint64 now = m_clock.nowUtcMs();
#ifdef VITALDESK_NATIVE_SQLITE
    if (sqlite3 *native = nativeHandle(m_db)) {
        Result<ReadingWriteStats> written = writeNative(native, readings, actor, now, inserted);
        if (!written)
            return written;
        if (Status s = tx.commit(); !s)
            return fail(s.error());
        return written;
    }
#endif
    QSqlQuery q(m_db);
    q.prepare(kInsertReading);
    const QVariant nullReal(QMetaType::fromType<double>());
    const QString natural = naturalKeySource();
    for (std::size_t i = 0; i < readings.size(); ++i) {
        const Reading &r = readings[i];
        const bool hasKey = !r.externalId.isEmpty();
        q.bindValue(0, r.patientId);
        q.bindValue(1, sql::idOrNull(r.deviceId));
        q.bindValue(2, r.kind);
        q.bindValue(3, r.value1);
        q.bindValue(4, r.value2 ? QVariant(*r.value2) : nullReal);
        q.bindValue(5, r.unit);
        q.bindValue(6, r.takenAtMs);
        q.bindValue(7, r.source);
        q.bindValue(8, hasKey ? sql::textOrNull(r.externalSource) : QVariant(natural));
        q.bindValue(9, hasKey ? r.externalId : naturalKey(r));
        q.bindValue(10, sql::idOrNull(r.batchId));
        q.bindValue(11, now);
        q.bindValue(12, actor);
        if (!q.exec())
            return fail(u"storing a %1 reading failed: %2"_s.arg(r.kind, q.lastError().text()));
        if (q.numRowsAffected() > 0) {
            ++stats.inserted;
            if (inserted)
                inserted(i, q.lastInsertId().toLongLong());
        } else {
            ++stats.duplicates;
        }
    }
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return stats;
}

Result<qint64> ReadingRepository::addBatch(const ImportBatch &b)
{
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO import_batches (started_at, staff_id, source_name, format, imported, "
              "duplicates, skipped, rejected) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    q.addBindValue(b.startedAtMs ? b.startedAtMs : m_clock.nowUtcMs());
    q.addBindValue(b.staffId);
    q.addBindValue(b.sourceName);
    q.addBindValue(b.format);
    q.addBindValue(b.imported);
    q.addBindValue(b.duplicates);
    q.addBindValue(b.skipped);
    q.addBindValue(b.rejected);
    return sql::insertReturningId(q, u"recording an import"_s);
}

Status ReadingRepository::setBatchCounts(const ImportBatch &b)
{
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE import_batches SET imported = ?, duplicates = ?, skipped = ?, rejected = ? "
              "WHERE id = ?"_s);
    q.addBindValue(b.imported);
    q.addBindValue(b.duplicates);
    q.addBindValue(b.skipped);
    q.addBindValue(b.rejected);
    q.addBindValue(b.id);
    return sql::exec(q, u"recording an import's counts"_s);
}

Result<std::vector<ImportBatch>> ReadingRepository::batches(int limit) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, started_at, staff_id, source_name, format, imported, duplicates, "
              "skipped, rejected FROM import_batches ORDER BY started_at DESC, id DESC LIMIT ?"_s);
    q.addBindValue(limit);
    if (Status s = sql::exec(q, u"reading the import history"_s); !s)
        return fail(s.error());
    std::vector<ImportBatch> out;
    while (q.next()) {
        ImportBatch b;
        b.id = q.value(0).toLongLong();
        b.startedAtMs = q.value(1).toLongLong();
        b.staffId = q.value(2).toLongLong();
        b.sourceName = q.value(3).toString();
        b.format = q.value(4).toString();
        b.imported = q.value(5).toLongLong();
        b.duplicates = q.value(6).toLongLong();
        b.skipped = q.value(7).toLongLong();
        b.rejected = q.value(8).toLongLong();
        out.push_back(std::move(b));
    }
    return out;
}

Result<std::vector<Reading>> ReadingRepository::forPatient(PatientId patient, UtcRange range,
                                                           const QString &kind) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, device_id, kind, value1, value2, unit, taken_at, source, "
              "external_source, external_id, batch_id FROM readings "
              "WHERE patient_id = ? AND taken_at >= ? AND taken_at < ?"_s +
              (kind.isEmpty() ? QString() : u" AND kind = ?"_s) + u" ORDER BY taken_at"_s);
    q.addBindValue(patient);
    q.addBindValue(range.startMs);
    q.addBindValue(range.endMs);
    if (!kind.isEmpty())
        q.addBindValue(kind);
    if (Status s = sql::exec(q, u"reading a patient's readings"_s); !s)
        return fail(s.error());
    std::vector<Reading> out;
    while (q.next()) {
        Reading r;
        r.id = q.value(0).toLongLong();
        r.patientId = patient;
        r.deviceId = q.value(1).toLongLong();
        r.kind = q.value(2).toString();
        r.value1 = q.value(3).toDouble();
        if (!q.value(4).isNull())
            r.value2 = q.value(4).toDouble();
        r.unit = q.value(5).toString();
        r.takenAtMs = q.value(6).toLongLong();
        r.source = q.value(7).toString();
        r.externalSource = q.value(8).toString();
        r.externalId = q.value(9).toString();
        r.batchId = q.value(10).toLongLong();
        out.push_back(std::move(r));
    }
    return out;
}

Status ReadingRepository::scanNotImported(UtcRange range,
                                          const std::function<void(const Reading &)> &sink) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Patient by patient (CROSS JOIN keeps that order in SQLite), so the (patient_id,
    // taken_at) index seeks each one's range instead of scanning every reading.
    q.prepare(u"SELECT r.id, r.patient_id, r.device_id, r.kind, r.value1, r.value2, r.unit, "
              "r.taken_at, r.source, r.external_source, r.external_id, r.batch_id "
              "FROM patients p CROSS JOIN readings r WHERE r.patient_id = p.id "
              "AND r.taken_at >= ? AND r.taken_at < ? AND r.batch_id IS NULL "
              "ORDER BY p.id, r.taken_at"_s);
    q.addBindValue(range.startMs);
    q.addBindValue(range.endMs);
    if (Status s = sql::exec(q, u"reading readings"_s); !s)
        return s;
    Reading r;
    while (q.next()) {
        r.id = q.value(0).toLongLong();
        r.patientId = q.value(1).toLongLong();
        r.deviceId = q.value(2).toLongLong();
        r.kind = q.value(3).toString();
        r.value1 = q.value(4).toDouble();
        r.value2 =
            q.value(5).isNull() ? std::nullopt : std::optional<double>(q.value(5).toDouble());
        r.unit = q.value(6).toString();
        r.takenAtMs = q.value(7).toLongLong();
        r.source = q.value(8).toString();
        r.externalSource = q.value(9).toString();
        r.externalId = q.value(10).toString();
        r.batchId = q.value(11).toLongLong();
        sink(r);
    }
    return success();
}

Status ReadingRepository::instants(UtcRange range,
                                   const std::function<void(const ReadingInstant &)> &sink,
                                   PatientId patient) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A device reading without a registered device does not qualify (manual readings
    // never count anyway, whatever this says).
    q.prepare(u"SELECT r.patient_id, r.taken_at, r.kind, r.source, "
              "COALESCE(d.fda_cleared, 0), COALESCE(d.auto_transmit, 0) "
              "FROM readings r LEFT JOIN devices d ON d.id = r.device_id "
              "WHERE r.taken_at >= ? AND r.taken_at < ?"_s +
              (patient ? u" AND r.patient_id = ?"_s : QString()) +
              u" ORDER BY r.patient_id, r.taken_at"_s);
    q.addBindValue(range.startMs);
    q.addBindValue(range.endMs);
    if (patient)
        q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading reading times"_s); !s)
        return s;
    const QString battery = u"battery"_s;
    const QString signal = u"signal"_s;
    const QString manual = u"manual"_s;
    ReadingInstant r;
    while (q.next()) {
        r.patientId = q.value(0).toLongLong();
        r.takenAtMs = q.value(1).toLongLong();
        const QString kind = q.value(2).toString();
        r.physiologic = kind != battery && kind != signal;
        r.manual = q.value(3).toString() == manual;
        r.deviceQualifies = q.value(4).toInt() != 0 && q.value(5).toInt() != 0;
        sink(r);
    }
    return success();
}

Result<QHash<PatientId, qint64>> ReadingRepository::lastReadingTimes(bool transmittedOnly) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A transmission is a physiologic reading sent by a device: battery and signal pings
    // and hand-typed readings do not hide a patient who stopped measuring.
    q.prepare(u"SELECT patient_id, MAX(taken_at) FROM readings WHERE "_s +
              (transmittedOnly ? u"source = 'device' AND "_s : QString()) +
              u"kind <> 'battery' AND kind <> 'signal' GROUP BY patient_id"_s);
    if (Status s = sql::exec(q, u"reading last transmissions"_s); !s)
        return fail(s.error());
    QHash<PatientId, qint64> out;
    while (q.next())
        out.insert(q.value(0).toLongLong(), q.value(1).toLongLong());
    return out;
}

Result<qint64> ReadingRepository::count() const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT COUNT(*) FROM readings"_s);
    if (Status s = sql::exec(q, u"counting readings"_s); !s)
        return fail(s.error());
    q.next();
    return q.value(0).toLongLong();
}

} // namespace vd
