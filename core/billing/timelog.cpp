#include "timelog.h"

#include "billing/rulesadapter.h"
#include "rules/ruleset.h"
#include "store/clock.h"
#include "store/timerepository.h"
#include "store/timerjournal.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

TimeLog::TimeLog(Database &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
{}

bool TimeLog::isInteractive(const QString &mode, bool connected, QDate day)
{
    const rules::RuleSet *set = rules::ruleSetFor(toRulesDate(day));
    const auto parsed = rules::parseContactMode(mode.toStdString());
    return connected && set && parsed && set->contactModeCounts(*parsed);
}

Result<qint64> TimeLog::logContact(StaffId actor, const Contact &contact, bool addTime)
{
    ScopedTransaction tx(m_db.connection());
    TimeRepository repo(m_db.connection(), m_clock);
    Contact c = contact;
    if (addTime && c.seconds > 0) {
        TimeEntry e;
        e.patientId = c.patientId;
        e.staffId = c.staffId;
        e.startedAtMs = c.startedAtMs;
        e.seconds = c.seconds;
        e.activity = u"call"_s;
        // The duration was typed in the call log, not timed by the stopwatch.
        e.method = u"manual"_s;
        e.manualReason = u"call duration entered in the call log"_s;
        e.note = c.summary;
        if (Status s = checkOverlap(e, 0); !s)
            return fail(s.error());
        Result<qint64> entry = repo.addEntry(actor, e);
        if (!entry)
            return entry;
        c.timeEntryId = *entry;
    }
    Result<qint64> id = repo.addContact(actor, c);
    if (!id)
        return id;
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Status TimeLog::checkOverlap(const TimeEntry &e, qint64 ignoreId) const
{
    const qint64 endMs = e.startedAtMs + qint64(e.seconds) * 1000;
    // The staff member's running stopwatch (on this or another workstation) is time too.
    auto running = TimerJournal(m_db.connection(), m_clock).load(e.staffId);
    if (!running)
        return fail(running.error());
    if (*running && (*running)->patientId != e.patientId && (*running)->startedAtMs < endMs)
        return fail(u"this time overlaps the stopwatch running for another patient since %1; "
                    "stop it first"_s.arg(QDateTime::fromMSecsSinceEpoch((*running)->startedAtMs)
                                              .toUTC()
                                              .toString(u"yyyy-MM-dd HH:mm 'UTC'"_s)));
    auto others =
        TimeRepository(m_db.connection(), m_clock).effectiveEntries(0, {e.startedAtMs, endMs});
    if (!others)
        return fail(others.error());
    for (const TimeEntry &o : *others) {
        if (o.staffId != e.staffId || o.id == ignoreId)
            continue;
        const qint64 oEnd = o.startedAtMs + qint64(o.seconds) * 1000;
        if (o.startedAtMs < endMs && e.startedAtMs < oEnd)
            return fail(u"this time overlaps time entry %1 by the same staff member; correct "
                        "that entry first"_s.arg(o.id));
    }
    return success();
}

Result<qint64> TimeLog::addManualTime(StaffId actor, const TimeEntry &entry)
{
    TimeEntry e = entry;
    e.method = u"manual"_s;
    if (e.manualReason.trimmed().isEmpty())
        return fail(u"manual time: say why the time was not timed in VitalDesk"_s);
    if (e.seconds <= 0)
        return fail(u"manual time: the duration must be at least one second"_s);
    if (Status s = checkOverlap(e, 0); !s)
        return fail(u"manual time: %1"_s.arg(s.error()));
    return TimeRepository(m_db.connection(), m_clock).addEntry(actor, e);
}

Result<qint64> TimeLog::amendTime(StaffId actor, qint64 entryId, const TimeEntry &replacement,
                                  const QString &reason)
{
    if (Status s = checkOverlap(replacement, entryId); !s)
        return fail(s.error());
    return TimeRepository(m_db.connection(), m_clock)
        .amendEntry(actor, entryId, replacement, reason);
}

Result<qint64> TimeLog::deleteTime(StaffId actor, qint64 entryId, const QString &reason)
{
    return TimeRepository(m_db.connection(), m_clock).voidEntry(actor, entryId, reason);
}

} // namespace vd::billing
