#include "timerepository.h"

#include <QSqlQuery>

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr int kMaxEntrySeconds = 24 * 3600;

const QStringList kActivities{
    u"data_review"_s,   u"call"_s,      u"care_plan"_s, u"care_coordination"_s,
    u"documentation"_s, u"education"_s, u"other"_s};
const QStringList kPrograms{u"RPM"_s, u"RTM"_s, u"CCM"_s, u"PCM"_s, u"TCM"_s, u"BHI"_s};
const QStringList kModes{u"phone"_s, u"video"_s,     u"sms"_s,      u"portal"_s,
                         u"email"_s, u"voicemail"_s, u"automated"_s};

const QString kEntrySelect =
    u"SELECT t.id, t.patient_id, t.staff_id, t.started_at, t.seconds, t.activity, t.program, "
    "t.method, t.note, t.manual_reason, t.amends_id, t.voided, t.amend_reason, t.created_at, "
    "t.created_by FROM time_entries t"_s;

const QString kContactSelect =
    u"SELECT c.id, c.patient_id, c.staff_id, c.started_at, c.seconds, c.mode, c.counterpart, "
    "c.connected, c.summary, c.treatment_changes, c.time_entry_id, c.amends_id, c.voided, "
    "c.amend_reason, c.created_at, c.created_by FROM contacts c"_s;

TimeEntry entryFromRow(const QSqlQuery &q)
{
    TimeEntry e;
    e.id = q.value(0).toLongLong();
    e.patientId = q.value(1).toLongLong();
    e.staffId = q.value(2).toLongLong();
    e.startedAtMs = q.value(3).toLongLong();
    e.seconds = q.value(4).toInt();
    e.activity = q.value(5).toString();
    e.program = q.value(6).toString();
    e.method = q.value(7).toString();
    e.note = q.value(8).toString();
    e.manualReason = q.value(9).toString();
    e.amendsId = q.value(10).toLongLong();
    e.voided = q.value(11).toInt() != 0;
    e.amendReason = q.value(12).toString();
    e.createdAtMs = q.value(13).toLongLong();
    e.createdBy = q.value(14).toLongLong();
    return e;
}

Contact contactFromRow(const QSqlQuery &q)
{
    Contact c;
    c.id = q.value(0).toLongLong();
    c.patientId = q.value(1).toLongLong();
    c.staffId = q.value(2).toLongLong();
    c.startedAtMs = q.value(3).toLongLong();
    c.seconds = q.value(4).toInt();
    c.mode = q.value(5).toString();
    c.counterpart = q.value(6).toString();
    c.connected = q.value(7).toInt() != 0;
    c.summary = q.value(8).toString();
    c.treatmentChanges = q.value(9).toString();
    c.timeEntryId = q.value(10).toLongLong();
    c.amendsId = q.value(11).toLongLong();
    c.voided = q.value(12).toInt() != 0;
    c.amendReason = q.value(13).toString();
    c.createdAtMs = q.value(14).toLongLong();
    c.createdBy = q.value(15).toLongLong();
    return c;
}

} // namespace

TimeRepository::TimeRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

Status TimeRepository::validate(const TimeEntry &e) const
{
    if (e.patientId <= 0 || e.staffId <= 0)
        return fail(u"time entry: patient and staff member are required"_s);
    if (e.seconds < 0)
        return fail(u"time entry: duration is negative (%1 s)"_s.arg(e.seconds));
    if (e.seconds > kMaxEntrySeconds)
        return fail(u"time entry: duration %1 s is longer than a day"_s.arg(e.seconds));
    if (e.startedAtMs + qint64(e.seconds) * 1000 > m_clock.nowUtcMs() + 60'000)
        return fail(u"time entry: it ends in the future"_s);
    if (!kActivities.contains(e.activity))
        return fail(u"time entry: unknown activity '%1'"_s.arg(e.activity));
    if (!kPrograms.contains(e.program))
        return fail(u"time entry: unknown program '%1'"_s.arg(e.program));
    if (e.method != u"timer"_s && e.method != u"manual"_s)
        return fail(u"time entry: method must be timer or manual, not '%1'"_s.arg(e.method));
    if (e.method == u"manual"_s && e.manualReason.trimmed().isEmpty())
        return fail(u"time entry: a manual entry needs a reason"_s);
    return success();
}

Status TimeRepository::validate(const Contact &c) const
{
    if (c.patientId <= 0 || c.staffId <= 0)
        return fail(u"contact: patient and staff member are required"_s);
    if (c.seconds < 0 || c.seconds > kMaxEntrySeconds)
        return fail(u"contact: duration %1 s is out of range"_s.arg(c.seconds));
    if (c.startedAtMs > m_clock.nowUtcMs() + 60'000)
        return fail(u"contact: it starts in the future"_s);
    if (!kModes.contains(c.mode))
        return fail(u"contact: unknown mode '%1'"_s.arg(c.mode));
    if (c.counterpart != u"patient"_s && c.counterpart != u"caregiver"_s)
        return fail(u"contact: with must be patient or caregiver, not '%1'"_s.arg(c.counterpart));
    return success();
}

static const QString kInsertEntry =
    u"INSERT INTO time_entries (patient_id, staff_id, started_at, seconds, activity, program, "
    "method, note, manual_reason, amends_id, voided, amend_reason, created_at, created_by) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s;

static const QString kInsertContact =
    u"INSERT INTO contacts (patient_id, staff_id, started_at, seconds, mode, counterpart, "
    "connected, summary, treatment_changes, time_entry_id, amends_id, voided, amend_reason, "
    "created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s;

// Binds by position into a statement prepared once (kInsertEntry).
Result<qint64> TimeRepository::insertEntry(QSqlQuery &q, StaffId actor, const TimeEntry &e)
{
    const QVariant values[] = {e.patientId,
                               e.staffId,
                               e.startedAtMs,
                               e.seconds,
                               e.activity,
                               e.program,
                               e.method,
                               sql::textOrNull(e.note),
                               sql::textOrNull(e.manualReason),
                               sql::idOrNull(e.amendsId),
                               e.voided ? 1 : 0,
                               sql::textOrNull(e.amendReason),
                               m_clock.nowUtcMs(),
                               actor};
    for (int i = 0; i < int(std::size(values)); ++i)
        q.bindValue(i, values[i]);
    return sql::insertReturningId(q, u"storing a time entry"_s);
}

Result<qint64> TimeRepository::insertEntry(StaffId actor, const TimeEntry &e)
{
    QSqlQuery q(m_db);
    q.prepare(kInsertEntry);
    return insertEntry(q, actor, e);
}

Result<qint64> TimeRepository::insertContact(QSqlQuery &q, StaffId actor, const Contact &c)
{
    const QVariant values[] = {c.patientId,
                               c.staffId,
                               c.startedAtMs,
                               c.seconds,
                               c.mode,
                               c.counterpart,
                               c.connected ? 1 : 0,
                               sql::textOrNull(c.summary),
                               sql::textOrNull(c.treatmentChanges),
                               sql::idOrNull(c.timeEntryId),
                               sql::idOrNull(c.amendsId),
                               c.voided ? 1 : 0,
                               sql::textOrNull(c.amendReason),
                               m_clock.nowUtcMs(),
                               actor};
    for (int i = 0; i < int(std::size(values)); ++i)
        q.bindValue(i, values[i]);
    return sql::insertReturningId(q, u"storing a contact"_s);
}

Result<qint64> TimeRepository::insertContact(StaffId actor, const Contact &c)
{
    QSqlQuery q(m_db);
    q.prepare(kInsertContact);
    return insertContact(q, actor, c);
}

Result<qint64> TimeRepository::addEntry(StaffId actor, const TimeEntry &entry)
{
    TimeEntry e = entry;
    e.amendsId = 0;
    e.voided = false;
    e.amendReason.clear();
    if (Status s = validate(e); !s)
        return fail(s.error());
    ScopedTransaction tx(m_db);
    Result<qint64> id = insertEntry(actor, e);
    if (!id)
        return id;
    if (Status s = AuditLog(m_db, m_clock).append(actor, u"create"_s, u"time_entry"_s, *id); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<qint64> TimeRepository::amendEntry(StaffId actor, qint64 entryId,
                                          const TimeEntry &replacement, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return fail(u"time entry %1: an amendment needs a reason"_s.arg(entryId));
    TimeEntry e = replacement;
    e.amendsId = entryId;
    e.amendReason = reason.trimmed();
    if (!e.voided) {
        if (Status s = validate(e); !s)
            return fail(s.error());
    }
    ScopedTransaction tx(m_db);
    {
        QSqlQuery check(m_db);
        check.prepare(u"SELECT (SELECT COUNT(*) FROM time_entries WHERE id = ?), "
                      "(SELECT COUNT(*) FROM time_entries WHERE amends_id = ?)"_s);
        check.addBindValue(entryId);
        check.addBindValue(entryId);
        if (Status s = sql::exec(check, u"checking a time entry"_s); !s)
            return fail(s.error());
        check.next();
        if (check.value(0).toInt() == 0)
            return fail(u"time entry %1 does not exist"_s.arg(entryId));
        if (check.value(1).toInt() != 0)
            return fail(
                u"time entry %1 was already amended; amend its latest version"_s.arg(entryId));
    }
    Result<qint64> id = insertEntry(actor, e);
    if (!id)
        return id;
    if (Status s = AuditLog(m_db, m_clock)
                       .append(actor, e.voided ? u"void"_s : u"amend"_s, u"time_entry"_s, *id,
                               u"supersedes %1"_s.arg(entryId));
        !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<qint64> TimeRepository::voidEntry(StaffId actor, qint64 entryId, const QString &reason)
{
    Result<std::vector<TimeEntry>> history = entryHistory(entryId);
    if (!history)
        return fail(history.error());
    if (history->empty())
        return fail(u"time entry %1 does not exist"_s.arg(entryId));
    TimeEntry e = history->front();
    e.voided = true;
    return amendEntry(actor, entryId, e, reason);
}

Result<std::vector<TimeEntry>> TimeRepository::effectiveEntries(PatientId patient,
                                                                UtcRange range) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kEntrySelect +
              u" WHERE t.started_at >= ? AND t.started_at < ? AND t.voided = 0"
              " AND NOT EXISTS (SELECT 1 FROM time_entries s WHERE s.amends_id = t.id)"_s +
              (patient ? u" AND t.patient_id = ?"_s : QString()) +
              u" ORDER BY t.patient_id, t.started_at"_s);
    q.addBindValue(range.startMs - kDayMs);
    q.addBindValue(range.endMs);
    if (patient)
        q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading time entries"_s); !s)
        return fail(s.error());
    std::vector<TimeEntry> out;
    while (q.next()) {
        TimeEntry e = entryFromRow(q);
        if (e.startedAtMs + qint64(e.seconds) * 1000 > range.startMs)
            out.push_back(std::move(e));
    }
    return out;
}

Result<std::vector<TimeEntry>> TimeRepository::entryHistory(qint64 entryId) const
{
    std::vector<TimeEntry> out;
    qint64 next = entryId;
    QSqlQuery q(m_db);
    q.prepare(kEntrySelect + u" WHERE t.id = ?"_s);
    while (next > 0) {
        q.bindValue(0, next);
        if (Status s = sql::exec(q, u"reading a time entry's history"_s); !s)
            return fail(s.error());
        if (!q.next())
            break;
        out.push_back(entryFromRow(q));
        next = out.back().amendsId;
        q.finish();
    }
    return out;
}

Result<qint64> TimeRepository::addContact(StaffId actor, const Contact &contact)
{
    Contact c = contact;
    c.amendsId = 0;
    c.voided = false;
    c.amendReason.clear();
    if (Status s = validate(c); !s)
        return fail(s.error());
    ScopedTransaction tx(m_db);
    Result<qint64> id = insertContact(actor, c);
    if (!id)
        return id;
    if (Status s = AuditLog(m_db, m_clock).append(actor, u"create"_s, u"contact"_s, *id); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<qint64> TimeRepository::amendContact(StaffId actor, qint64 contactId,
                                            const Contact &replacement, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return fail(u"contact %1: an amendment needs a reason"_s.arg(contactId));
    Contact c = replacement;
    c.amendsId = contactId;
    c.amendReason = reason.trimmed();
    if (!c.voided) {
        if (Status s = validate(c); !s)
            return fail(s.error());
    }
    ScopedTransaction tx(m_db);
    Result<qint64> id = insertContact(actor, c);
    if (!id)
        return fail(u"contact %1 cannot be amended: %2"_s.arg(contactId).arg(id.error()));
    if (Status s = AuditLog(m_db, m_clock)
                       .append(actor, c.voided ? u"void"_s : u"amend"_s, u"contact"_s, *id,
                               u"supersedes %1"_s.arg(contactId));
        !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<std::vector<Contact>> TimeRepository::effectiveContacts(PatientId patient,
                                                               UtcRange range) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kContactSelect +
              u" WHERE c.started_at >= ? AND c.started_at < ? AND c.voided = 0"
              " AND NOT EXISTS (SELECT 1 FROM contacts s WHERE s.amends_id = c.id)"_s +
              (patient ? u" AND c.patient_id = ?"_s : QString()) +
              u" ORDER BY c.patient_id, c.started_at"_s);
    q.addBindValue(range.startMs);
    q.addBindValue(range.endMs);
    if (patient)
        q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading contacts"_s); !s)
        return fail(s.error());
    std::vector<Contact> out;
    while (q.next())
        out.push_back(contactFromRow(q));
    return out;
}

Status TimeRepository::insertBulk(StaffId actor, const std::vector<TimeEntry> &entries,
                                  const std::vector<Contact> &contacts)
{
    ScopedTransaction tx(m_db);
    QSqlQuery entryQuery(m_db);
    entryQuery.prepare(kInsertEntry);
    for (const TimeEntry &e : entries) {
        if (Status s = validate(e); !s)
            return s;
        if (Result<qint64> id = insertEntry(entryQuery, actor, e); !id)
            return fail(id.error());
    }
    QSqlQuery contactQuery(m_db);
    contactQuery.prepare(kInsertContact);
    for (const Contact &c : contacts) {
        if (Status s = validate(c); !s)
            return s;
        if (Result<qint64> id = insertContact(contactQuery, actor, c); !id)
            return fail(id.error());
    }
    if (Status s =
            AuditLog(m_db, m_clock)
                .append(actor, u"create"_s, u"time_entries"_s, 0,
                        u"%1 time entries, %2 contacts"_s.arg(entries.size()).arg(contacts.size()));
        !s)
        return s;
    return tx.commit();
}

} // namespace vd
