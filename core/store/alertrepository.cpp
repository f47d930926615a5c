#include "alertrepository.h"

#include <QSqlQuery>

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"
#include "staffrepository.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kThresholdSelect =
    u"SELECT id, patient_id, systolic_high, diastolic_high, glucose_low, glucose_very_low, "
    "glucose_high, spo2_low, heart_rate_low, heart_rate_high, no_reading_days, note, set_by, "
    "set_at FROM alert_thresholds"_s;

StoredThresholds thresholdsFromRow(const QSqlQuery &q)
{
    StoredThresholds t;
    t.id = q.value(0).toLongLong();
    t.patientId = q.value(1).toLongLong();
    t.systolicHigh = q.value(2).toDouble();
    t.diastolicHigh = q.value(3).toDouble();
    t.glucoseLow = q.value(4).toDouble();
    t.glucoseVeryLow = q.value(5).toDouble();
    t.glucoseHigh = q.value(6).toDouble();
    t.spo2Low = q.value(7).toDouble();
    t.heartRateLow = q.value(8).toDouble();
    t.heartRateHigh = q.value(9).toDouble();
    t.noReadingDays = q.value(10).toInt();
    t.note = q.value(11).toString();
    t.setBy = q.value(12).toLongLong();
    t.setAtMs = q.value(13).toLongLong();
    return t;
}

// Limits a practitioner may set: wide enough for any clinical protocol, narrow enough to
// catch a typo (1800 for 180).
Status validate(const StoredThresholds &t)
{
    struct Bound
    {
        const char *label;
        double value;
        double min;
        double max;
    };
    const Bound bounds[] = {
        {"systolic limit", t.systolicHigh, 100, 260},
        {"diastolic limit", t.diastolicHigh, 60, 160},
        {"low glucose limit", t.glucoseLow, 40, 150},
        {"very low glucose limit", t.glucoseVeryLow, 30, 150},
        {"high glucose limit", t.glucoseHigh, 120, 600},
        {"SpO2 limit", t.spo2Low, 70, 99},
        {"low heart rate limit", t.heartRateLow, 25, 80},
        {"high heart rate limit", t.heartRateHigh, 70, 200},
    };
    for (const Bound &b : bounds) {
        if (!(b.value >= b.min && b.value <= b.max))
            return fail(u"alert limits: %1 %2 is outside %3-%4"_s.arg(QLatin1StringView(b.label))
                            .arg(b.value)
                            .arg(b.min)
                            .arg(b.max));
    }
    if (t.noReadingDays < 1 || t.noReadingDays > 30)
        return fail(u"alert limits: days without readings must be 1 to 30"_s);
    if (t.diastolicHigh >= t.systolicHigh)
        return fail(u"alert limits: the diastolic limit must be below the systolic limit"_s);
    if (t.glucoseVeryLow > t.glucoseLow)
        return fail(u"alert limits: the very low glucose limit must not exceed the low one"_s);
    if (t.glucoseLow >= t.glucoseHigh)
        return fail(u"alert limits: the low glucose limit must be below the high one"_s);
    if (t.heartRateLow >= t.heartRateHigh)
        return fail(u"alert limits: the low heart rate limit must be below the high one"_s);
    return success();
}

const QString kAlertSelect =
    u"SELECT a.id, a.patient_id, a.reading_id, a.kind, a.severity, a.message, a.observed_at, "
    "a.raised_at, a.raised_by, a.batch_id, a.dedupe_key, p.mrn, p.family_name, p.given_name, "
    "k.staff_id, k.acknowledged_at, k.note, s.display_name, s.credential "
    "FROM alerts a JOIN patients p ON p.id = a.patient_id "
    "LEFT JOIN alert_acks k ON k.alert_id = a.id "
    "LEFT JOIN staff s ON s.id = k.staff_id"_s;

Alert alertFromRow(const QSqlQuery &q)
{
    Alert a;
    a.id = q.value(0).toLongLong();
    a.patientId = q.value(1).toLongLong();
    a.readingId = q.value(2).toLongLong();
    a.kind = q.value(3).toString();
    a.severity = q.value(4).toString();
    a.message = q.value(5).toString();
    a.observedAtMs = q.value(6).toLongLong();
    a.raisedAtMs = q.value(7).toLongLong();
    a.raisedBy = q.value(8).toLongLong();
    a.batchId = q.value(9).toLongLong();
    a.dedupeKey = q.value(10).toString();
    a.patientMrn = q.value(11).toString();
    a.patientName = q.value(12).toString() + u", "_s + q.value(13).toString();
    a.acknowledgedBy = q.value(14).toLongLong();
    a.acknowledgedAtMs = q.value(15).toLongLong();
    a.ackNote = q.value(16).toString();
    if (a.acknowledgedBy)
        a.acknowledgedByName = q.value(17).toString() + u", "_s + q.value(18).toString();
    return a;
}

} // namespace

AlertRepository::AlertRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

QString AlertRepository::readingKey(qint64 readingId)
{
    return u"reading:"_s + QString::number(readingId);
}

QString AlertRepository::noDataKey(PatientId patient, qint64 lastReadingMs)
{
    return u"no_data:"_s + QString::number(patient) + u':' + QString::number(lastReadingMs);
}

Result<std::optional<StoredThresholds>> AlertRepository::thresholds(PatientId patient) const
{
    QSqlQuery q(m_db);
    q.prepare(kThresholdSelect + u" WHERE patient_id = ? ORDER BY id DESC LIMIT 1"_s);
    q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading alert limits"_s); !s)
        return fail(s.error());
    if (!q.next())
        return std::optional<StoredThresholds>();
    return std::optional<StoredThresholds>(thresholdsFromRow(q));
}

Result<QHash<PatientId, StoredThresholds>> AlertRepository::allThresholds() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kThresholdSelect + u" ORDER BY id"_s);
    if (Status s = sql::exec(q, u"reading alert limits"_s); !s)
        return fail(s.error());
    QHash<PatientId, StoredThresholds> out;
    while (q.next()) {
        StoredThresholds t = thresholdsFromRow(q);
        out.insert(t.patientId, std::move(t)); // later rows replace earlier ones
    }
    return out;
}

Result<std::vector<StoredThresholds>> AlertRepository::thresholdHistory(PatientId patient) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kThresholdSelect + u" WHERE patient_id = ? ORDER BY id DESC"_s);
    q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading alert limit history"_s); !s)
        return fail(s.error());
    std::vector<StoredThresholds> out;
    while (q.next())
        out.push_back(thresholdsFromRow(q));
    return out;
}

Result<qint64> AlertRepository::setThresholds(StaffId actor, const StoredThresholds &t)
{
    Result<StaffMember> who = StaffRepository(m_db, m_clock).byId(actor);
    if (!who)
        return fail(who.error());
    if (!who->active || !StaffRepository::isPractitioner(who->credential))
        return fail(u"alert limits are set by a practitioner (MD, DO, NP, PA, CNS, CNM); "
                    "a %1 cannot change them"_s.arg(who->credential));
    if (t.patientId <= 0)
        return fail(u"alert limits: no patient"_s);
    if (Status s = validate(t); !s)
        return fail(s.error());

    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to store alert limits"_s);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO alert_thresholds (patient_id, systolic_high, diastolic_high, "
              "glucose_low, glucose_very_low, glucose_high, spo2_low, heart_rate_low, "
              "heart_rate_high, no_reading_days, note, set_by, set_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    q.addBindValue(t.patientId);
    q.addBindValue(t.systolicHigh);
    q.addBindValue(t.diastolicHigh);
    q.addBindValue(t.glucoseLow);
    q.addBindValue(t.glucoseVeryLow);
    q.addBindValue(t.glucoseHigh);
    q.addBindValue(t.spo2Low);
    q.addBindValue(t.heartRateLow);
    q.addBindValue(t.heartRateHigh);
    q.addBindValue(t.noReadingDays);
    q.addBindValue(sql::textOrNull(t.note.trimmed()));
    q.addBindValue(actor);
    q.addBindValue(m_clock.nowUtcMs());
    Result<qint64> id = sql::insertReturningId(q, u"storing alert limits"_s);
    if (!id)
        return id;
    if (Status s = AuditLog(m_db, m_clock)
                       .append(actor, u"create"_s, u"alert_thresholds"_s, *id,
                               u"patient %1"_s.arg(t.patientId));
        !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<qint64> AlertRepository::raise(StaffId actor, const std::vector<Alert> &alerts)
{
    if (alerts.empty())
        return qint64(0);
    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to raise alerts"_s);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO alerts (patient_id, reading_id, kind, severity, message, observed_at, "
              "raised_at, raised_by, batch_id, dedupe_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "ON CONFLICT (dedupe_key) DO NOTHING"_s);
    const qint64 now = m_clock.nowUtcMs();
    qint64 raised = 0;
    for (const Alert &a : alerts) {
        q.bindValue(0, a.patientId);
        q.bindValue(1, sql::idOrNull(a.readingId));
        q.bindValue(2, a.kind);
        q.bindValue(3, a.severity);
        q.bindValue(4, a.message);
        q.bindValue(5, a.observedAtMs);
        q.bindValue(6, a.raisedAtMs > 0 ? a.raisedAtMs : now);
        q.bindValue(7, actor);
        q.bindValue(8, sql::idOrNull(a.batchId));
        q.bindValue(9,
                    a.dedupeKey.isEmpty() && a.readingId ? readingKey(a.readingId) : a.dedupeKey);
        if (Status s = sql::exec(q, u"raising a %1 alert"_s.arg(a.kind)); !s)
            return fail(s.error());
        if (q.numRowsAffected() > 0)
            ++raised;
    }
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return raised;
}

Result<std::vector<Alert>> AlertRepository::list(const AlertFilter &filter) const
{
    QStringList where;
    if (filter.openOnly)
        where << u"k.alert_id IS NULL"_s;
    if (filter.patient)
        where << u"a.patient_id = ?"_s;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kAlertSelect + (where.isEmpty() ? QString() : u" WHERE "_s + where.join(u" AND "_s)) +
              u" ORDER BY a.observed_at DESC, a.id DESC LIMIT ?"_s);
    if (filter.patient)
        q.addBindValue(filter.patient);
    q.addBindValue(filter.limit > 0 ? filter.limit : 5000);
    if (Status s = sql::exec(q, u"listing alerts"_s); !s)
        return fail(s.error());
    std::vector<Alert> out;
    while (q.next())
        out.push_back(alertFromRow(q));
    return out;
}

Result<Alert> AlertRepository::byId(qint64 id) const
{
    QSqlQuery q(m_db);
    q.prepare(kAlertSelect + u" WHERE a.id = ?"_s);
    q.addBindValue(id);
    if (Status s = sql::exec(q, u"reading an alert"_s); !s)
        return fail(s.error());
    if (!q.next())
        return fail(u"no alert with id %1"_s.arg(id));
    return alertFromRow(q);
}

Result<QHash<PatientId, OpenAlertCount>> AlertRepository::openCounts() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT a.patient_id, COUNT(*), "
              "SUM(CASE WHEN a.kind = 'no_data' THEN 1 ELSE 0 END) "
              "FROM alerts a LEFT JOIN alert_acks k ON k.alert_id = a.id "
              "WHERE k.alert_id IS NULL GROUP BY a.patient_id"_s);
    if (Status s = sql::exec(q, u"counting open alerts"_s); !s)
        return fail(s.error());
    QHash<PatientId, OpenAlertCount> out;
    while (q.next())
        out.insert(q.value(0).toLongLong(), {q.value(1).toInt(), q.value(2).toInt()});
    return out;
}

Result<QSet<qint64>> AlertRepository::alertedReadings(UtcRange observed) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT reading_id FROM alerts WHERE reading_id IS NOT NULL "
              "AND observed_at >= ? AND observed_at < ?"_s);
    q.addBindValue(observed.startMs);
    q.addBindValue(observed.endMs);
    if (Status s = sql::exec(q, u"reading alerted readings"_s); !s)
        return fail(s.error());
    QSet<qint64> out;
    while (q.next())
        out.insert(q.value(0).toLongLong());
    return out;
}

Status AlertRepository::acknowledge(StaffId actor, qint64 alertId, const QString &note)
{
    const QString text = note.trimmed();
    if (text.isEmpty())
        return fail(u"acknowledging an alert needs a note (what was done)"_s);
    Result<Alert> alert = byId(alertId);
    if (!alert)
        return fail(alert.error());
    if (!alert->isOpen())
        return fail(u"alert %1 was already acknowledged by %2"_s.arg(alertId).arg(
            alert->acknowledgedByName));

    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"cannot start a transaction to acknowledge an alert"_s);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO alert_acks (alert_id, staff_id, acknowledged_at, note) "
              "VALUES (?, ?, ?, ?)"_s);
    q.addBindValue(alertId);
    q.addBindValue(actor);
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(text);
    if (Status s = sql::exec(q, u"acknowledging alert %1"_s.arg(alertId)); !s)
        return s;
    if (Status s = AuditLog(m_db, m_clock).append(actor, u"acknowledge"_s, u"alert"_s, alertId); !s)
        return s;
    return tx.commit();
}

} // namespace vd
