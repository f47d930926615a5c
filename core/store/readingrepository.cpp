#include "readingrepository.h"

#include <QSqlError>
#include <QSqlQuery>

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

ReadingRepository::ReadingRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{
}

Status ReadingRepository::insert(StaffId actor, const std::vector<Reading> &readings,
                                 qint64 *duplicates)
{
    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to store readings"_s);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO readings (patient_id, device_id, kind, value1, value2, unit, taken_at, "
              "source, external_source, external_id, batch_id, created_at, created_by) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (external_source, external_id) DO NOTHING"_s);
    const qint64 now = m_clock.nowUtcMs();
    const QVariant nullReal(QMetaType::fromType<double>());
    qint64 inserted = 0;
    qint64 skipped = 0;
    for (const Reading &r : readings) {
        q.bindValue(0, r.patientId);
        q.bindValue(1, sql::idOrNull(r.deviceId));
        q.bindValue(2, r.kind);
        q.bindValue(3, r.value1);
        q.bindValue(4, r.value2 ? QVariant(*r.value2) : nullReal);
        q.bindValue(5, r.unit);
        q.bindValue(6, r.takenAtMs);
        q.bindValue(7, r.source);
        q.bindValue(8, sql::textOrNull(r.externalSource));
        q.bindValue(9, sql::textOrNull(r.externalId));
        q.bindValue(10, sql::idOrNull(r.batchId));
        q.bindValue(11, now);
        q.bindValue(12, actor);
        if (!q.exec())
            return fail(u"storing a %1 reading failed: %2"_s.arg(r.kind, q.lastError().text()));
        if (q.numRowsAffected() > 0)
            ++inserted;
        else
            ++skipped;
    }
    if (duplicates)
        *duplicates = skipped;
    if (inserted > 0) {
        if (Status s = AuditLog(m_db, m_clock)
                           .append(actor, u"create"_s, u"readings"_s, 0,
                                   u"%1 readings"_s.arg(inserted));
            !s)
            return s;
    }
    return tx.commit();
}

Result<std::vector<Reading>> ReadingRepository::forPatient(PatientId patient, UtcRange range,
                                                           const QString &kind) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, device_id, kind, value1, value2, unit, taken_at, source, "
              "external_source, external_id, batch_id FROM readings "
              "WHERE patient_id = ? AND taken_at >= ? AND taken_at < ?"_s
              + (kind.isEmpty() ? QString() : u" AND kind = ?"_s) + u" ORDER BY taken_at"_s);
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

Status ReadingRepository::instants(UtcRange range,
                                   const std::function<void(const ReadingInstant &)> &sink,
                                   PatientId patient) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT r.patient_id, r.taken_at, r.kind, r.source, "
              "COALESCE(d.fda_cleared, 0), COALESCE(d.auto_transmit, 0) "
              "FROM readings r LEFT JOIN devices d ON d.id = r.device_id "
              "WHERE r.taken_at >= ? AND r.taken_at < ?"_s
              + (patient ? u" AND r.patient_id = ?"_s : QString())
              + u" ORDER BY r.patient_id, r.taken_at"_s);
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

Result<QHash<PatientId, qint64>> ReadingRepository::lastReadingTimes() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // A transmission is a physiologic reading sent by a device: battery and signal pings
    // and hand-typed readings do not hide a patient who stopped measuring.
    q.prepare(u"SELECT patient_id, MAX(taken_at) FROM readings WHERE source = 'device' "
              "AND kind <> 'battery' AND kind <> 'signal' GROUP BY patient_id"_s);
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
