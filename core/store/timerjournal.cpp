#include "timerjournal.h"

#include <QSqlQuery>

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

const QStringList kActivities{
    u"data_review"_s,   u"call"_s,      u"care_plan"_s, u"care_coordination"_s,
    u"documentation"_s, u"education"_s, u"other"_s};
const QStringList kPrograms{u"RPM"_s, u"RTM"_s, u"CCM"_s, u"PCM"_s, u"TCM"_s, u"BHI"_s};

const QString kEntity = u"running_timer"_s;

Status validate(const RunningTimer &t)
{
    if (t.staffId <= 0 || t.patientId <= 0)
        return fail(u"stopwatch journal: staff member and patient are required"_s);
    if (t.session.isEmpty())
        return fail(u"stopwatch journal: the session is missing"_s);
    if (!kActivities.contains(t.activity))
        return fail(u"stopwatch journal: unknown activity '%1'"_s.arg(t.activity));
    if (!kPrograms.contains(t.program))
        return fail(u"stopwatch journal: unknown program '%1'"_s.arg(t.program));
    if (t.segmentSeconds < 0)
        return fail(u"stopwatch journal: negative running time"_s);
    for (const JournalSegment &s : t.segments) {
        if (s.seconds < 0 || !kActivities.contains(s.activity))
            return fail(
                u"stopwatch journal: invalid segment (%1 s, activity '%2')"_s.arg(s.seconds).arg(
                    s.activity));
    }
    return success();
}

} // namespace

qint64 RunningTimer::journaledSeconds() const
{
    qint64 total = running ? segmentSeconds : 0;
    for (const JournalSegment &s : segments)
        total += s.seconds;
    return total;
}

std::vector<JournalSegment> RunningTimer::allSegments() const
{
    std::vector<JournalSegment> out = segments;
    if (running)
        out.push_back({segmentStartedAtMs, segmentSeconds, activity});
    return out;
}

TimerJournal::TimerJournal(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

Status TimerJournal::writeSegments(const RunningTimer &t)
{
    QSqlQuery del(m_db);
    del.prepare(u"DELETE FROM running_timer_segments WHERE staff_id = ?"_s);
    del.addBindValue(t.staffId);
    if (Status s = sql::exec(del, u"clearing stopwatch segments"_s); !s)
        return s;
    QSqlQuery ins(m_db);
    ins.prepare(u"INSERT INTO running_timer_segments (staff_id, seq, started_at, seconds, "
                "activity) VALUES (?, ?, ?, ?, ?)"_s);
    int seq = 0;
    for (const JournalSegment &s : t.segments) {
        ins.bindValue(0, t.staffId);
        ins.bindValue(1, ++seq);
        ins.bindValue(2, s.startedAtMs);
        ins.bindValue(3, s.seconds);
        ins.bindValue(4, s.activity);
        if (Status st = sql::exec(ins, u"journaling a stopwatch segment"_s); !st)
            return st;
    }
    return success();
}

Status TimerJournal::open(StaffId actor, const RunningTimer &t)
{
    if (Status s = validate(t); !s)
        return s;
    if (actor != t.staffId)
        return fail(u"stopwatch journal: a stopwatch is started by its own staff member"_s);

    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"stopwatch journal: cannot start a transaction"_s);
    {
        QSqlQuery existing(m_db);
        existing.prepare(u"SELECT workstation FROM running_timers WHERE staff_id = ?"_s);
        existing.addBindValue(t.staffId);
        if (Status s = sql::exec(existing, u"reading the stopwatch journal"_s); !s)
            return s;
        if (existing.next()) {
            const QString where = existing.value(0).toString();
            return fail(
                u"a stopwatch is already running for this staff member%1; stop it there, or "
                "save or discard its unsaved time first"_s.arg(
                    where.isEmpty() ? QString() : u" on workstation %1"_s.arg(where)));
        }
    }
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO running_timers (staff_id, patient_id, session, activity, program, "
              "note, state, started_at, segment_started_at, segment_seconds, heartbeat_at, "
              "workstation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(t.staffId);
    q.addBindValue(t.patientId);
    q.addBindValue(t.session);
    q.addBindValue(t.activity);
    q.addBindValue(t.program);
    q.addBindValue(sql::textOrNull(t.note));
    q.addBindValue(t.running ? u"running"_s : u"paused"_s);
    q.addBindValue(t.startedAtMs);
    q.addBindValue(t.running ? QVariant(t.segmentStartedAtMs)
                             : QVariant(QMetaType::fromType<qint64>()));
    q.addBindValue(t.running ? t.segmentSeconds : 0);
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(sql::textOrNull(t.workstation));
    if (Status s = sql::exec(q, u"starting the stopwatch journal"_s); !s)
        return s;
    if (Status s = writeSegments(t); !s)
        return s;
    if (Status s = AuditLog(m_db, m_clock)
                       .append(actor, u"start"_s, kEntity, t.staffId,
                               u"patient %1, activity %2"_s.arg(t.patientId).arg(t.activity));
        !s)
        return s;
    return tx.commit();
}

Status TimerJournal::write(StaffId actor, const RunningTimer &t, bool withSegments)
{
    if (Status s = validate(t); !s)
        return s;
    if (actor != t.staffId)
        return fail(u"stopwatch journal: only its own staff member runs a stopwatch"_s);

    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"stopwatch journal: cannot start a transaction"_s);
    QSqlQuery q(m_db);
    q.prepare(u"UPDATE running_timers SET patient_id = ?, activity = ?, program = ?, note = ?, "
              "state = ?, segment_started_at = ?, segment_seconds = ?, heartbeat_at = ?, "
              "workstation = ? WHERE staff_id = ? AND session = ?"_s);
    q.addBindValue(t.patientId);
    q.addBindValue(t.activity);
    q.addBindValue(t.program);
    q.addBindValue(sql::textOrNull(t.note));
    q.addBindValue(t.running ? u"running"_s : u"paused"_s);
    q.addBindValue(t.running ? QVariant(t.segmentStartedAtMs)
                             : QVariant(QMetaType::fromType<qint64>()));
    q.addBindValue(t.running ? t.segmentSeconds : 0);
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(sql::textOrNull(t.workstation));
    q.addBindValue(t.staffId);
    q.addBindValue(t.session);
    if (Status s = sql::exec(q, u"writing the stopwatch heartbeat"_s); !s)
        return s;
    if (q.numRowsAffected() != 1)
        return fail(u"the stopwatch's journal is gone: its time was saved or discarded on "
                    "another workstation"_s);
    if (withSegments) {
        if (Status s = writeSegments(t); !s)
            return s;
    }
    return tx.commit();
}

Status TimerJournal::close(StaffId actor, const RunningTimer &t, const QString &action,
                           const QString &detail)
{
    if (actor <= 0)
        return fail(u"stopwatch journal: the acting staff member is required"_s);
    ScopedTransaction tx(m_db);
    if (!tx.isActive())
        return fail(u"stopwatch journal: cannot start a transaction"_s);
    QSqlQuery segments(m_db);
    segments.prepare(u"DELETE FROM running_timer_segments WHERE staff_id = ? AND EXISTS "
                     "(SELECT 1 FROM running_timers WHERE staff_id = ? AND session = ?)"_s);
    segments.addBindValue(t.staffId);
    segments.addBindValue(t.staffId);
    segments.addBindValue(t.session);
    if (Status s = sql::exec(segments, u"closing the stopwatch journal"_s); !s)
        return s;
    QSqlQuery q(m_db);
    q.prepare(u"DELETE FROM running_timers WHERE staff_id = ? AND session = ?"_s);
    q.addBindValue(t.staffId);
    q.addBindValue(t.session);
    if (Status s = sql::exec(q, u"closing the stopwatch journal"_s); !s)
        return s;
    if (q.numRowsAffected() != 1)
        return fail(u"the stopwatch's unsaved time was already saved or discarded"_s);
    QString text = u"patient %1, %2 s journaled"_s.arg(t.patientId).arg(t.journaledSeconds());
    if (!detail.isEmpty())
        text += u"; "_s + detail;
    if (Status s = AuditLog(m_db, m_clock).append(actor, action, kEntity, t.staffId, text); !s)
        return s;
    return tx.commit();
}

Result<std::optional<RunningTimer>> TimerJournal::load(StaffId staff) const
{
    if (staff <= 0)
        return std::optional<RunningTimer>();
    Result<std::vector<RunningTimer>> rows = query(staff);
    if (!rows)
        return fail(rows.error());
    if (rows->empty())
        return std::optional<RunningTimer>();
    return std::optional<RunningTimer>(std::move(rows->front()));
}

Result<std::vector<RunningTimer>> TimerJournal::all() const
{
    return query(0);
}

Result<std::vector<RunningTimer>> TimerJournal::query(StaffId only) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT staff_id, patient_id, session, activity, program, note, state, "
              "started_at, segment_started_at, segment_seconds, heartbeat_at, workstation "
              "FROM running_timers"_s +
              (only ? u" WHERE staff_id = ?"_s : QString()) + u" ORDER BY staff_id"_s);
    if (only)
        q.addBindValue(only);
    if (Status s = sql::exec(q, u"reading the stopwatch journal"_s); !s)
        return fail(s.error());
    std::vector<RunningTimer> out;
    while (q.next()) {
        RunningTimer t;
        t.staffId = q.value(0).toLongLong();
        t.patientId = q.value(1).toLongLong();
        t.session = q.value(2).toString();
        t.activity = q.value(3).toString();
        t.program = q.value(4).toString();
        t.note = q.value(5).toString();
        t.running = q.value(6).toString() == u"running"_s;
        t.startedAtMs = q.value(7).toLongLong();
        t.segmentStartedAtMs = q.value(8).toLongLong();
        t.segmentSeconds = q.value(9).toInt();
        t.heartbeatAtMs = q.value(10).toLongLong();
        t.workstation = q.value(11).toString();
        out.push_back(std::move(t));
    }

    QSqlQuery s(m_db);
    s.setForwardOnly(true);
    s.prepare(u"SELECT staff_id, started_at, seconds, activity FROM running_timer_segments"_s +
              (only ? u" WHERE staff_id = ?"_s : QString()) + u" ORDER BY staff_id, seq"_s);
    if (only)
        s.addBindValue(only);
    if (Status st = sql::exec(s, u"reading the stopwatch journal"_s); !st)
        return fail(st.error());
    while (s.next()) {
        const StaffId staff = s.value(0).toLongLong();
        for (RunningTimer &t : out) {
            if (t.staffId == staff) {
                t.segments.push_back(
                    {s.value(1).toLongLong(), s.value(2).toInt(), s.value(3).toString()});
                break;
            }
        }
    }
    return out;
}

} // namespace vd
