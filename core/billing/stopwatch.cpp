#include "stopwatch.h"

#include <algorithm>

#include <QLoggingCategory>
#include <QSysInfo>
#include <QUuid>

#include "store/clock.h"
#include "store/patientrepository.h"
#include "store/settingsrepository.h"
#include "store/timerepository.h"

Q_LOGGING_CATEGORY(lcStopwatch, "vitaldesk.stopwatch")

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 kMaxEntrySeconds = 24 * 3600;
// A heartbeat from another workstation younger than this means its stopwatch still runs.
constexpr qint64 kAliveWithinMs = 30'000;

const QString kRecoveredNote =
    u"Recovered from the stopwatch journal after VitalDesk stopped unexpectedly "
    "(time up to the last heartbeat)."_s;

// Removes the last `seconds` of counted time from the end of the segments.
void trimTrailing(std::vector<JournalSegment> &segments, qint64 seconds)
{
    while (seconds > 0 && !segments.empty()) {
        JournalSegment &last = segments.back();
        if (last.seconds > seconds) {
            last.seconds -= int(seconds);
            return;
        }
        seconds -= last.seconds;
        segments.pop_back();
    }
}

qint64 totalSeconds(const std::vector<TimeEntry> &entries)
{
    qint64 total = 0;
    for (const TimeEntry &e : entries)
        total += e.seconds;
    return total;
}

// Stores the entries and closes the journal row, in one transaction.
Result<SavedTime> saveAndClose(Database &db, const Clock &clock, StaffId actor,
                               const RunningTimer &journal, const std::vector<TimeEntry> &entries,
                               const QString &action)
{
    QSqlDatabase conn = db.connection();
    ScopedTransaction tx(conn);
    if (!tx.isActive())
        return fail(u"cannot save the stopwatch's time: no transaction"_s);
    TimeRepository time(conn, clock);
    SavedTime saved;
    saved.patientId = journal.patientId;
    QStringList ids;
    for (const TimeEntry &e : entries) {
        Result<qint64> id = time.addEntry(actor, e);
        if (!id)
            return fail(id.error());
        saved.entryIds.push_back(*id);
        saved.seconds += e.seconds;
        ids << QString::number(*id);
    }
    const QString detail =
        ids.isEmpty() ? u"nothing to save"_s : u"time entries %1"_s.arg(ids.join(u", "_s));
    if (Status s = TimerJournal(conn, clock).close(actor, journal, action, detail); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return saved;
}

} // namespace

bool OrphanedTimer::probablyAlive() const
{
    return !sameWorkstation && heartbeatAgeMs >= 0 && heartbeatAgeMs < kAliveWithinMs;
}

std::vector<TimeEntry> splitIntoEntries(std::vector<JournalSegment> segments,
                                        const TimeEntry &prototype,
                                        const PracticeCalendar &calendar, qint64 nowUtcMs)
{
    std::erase_if(segments, [](const JournalSegment &s) { return s.seconds <= 0; });

    // Oldest first, each ending no later than the next one starts, the last one no later
    // than now. Only a wall clock set back while running needs this.
    qint64 limit = nowUtcMs;
    for (auto it = segments.rbegin(); it != segments.rend(); ++it) {
        if (it->startedAtMs + qint64(it->seconds) * 1000 > limit)
            it->startedAtMs = limit - qint64(it->seconds) * 1000;
        limit = it->startedAtMs;
    }

    std::vector<TimeEntry> out;
    for (const JournalSegment &s : segments) {
        qint64 start = s.startedAtMs;
        qint64 remaining = s.seconds;
        while (remaining > 0) {
            const qint64 monthEnd =
                calendar.monthRange(YearMonth::of(calendar.localDate(start))).endMs;
            if (monthEnd - start < 500) {
                // Less than half a second before the month ends: all of it is the next
                // month's.
                start = monthEnd;
                continue;
            }
            const qint64 toMonthEnd = (monthEnd - start + 500) / 1000;
            qint64 part = std::min({remaining, toMonthEnd, kMaxEntrySeconds});
            TimeEntry e = prototype;
            e.id = 0;
            e.startedAtMs = start;
            e.seconds = int(part);
            e.activity = s.activity;
            out.push_back(std::move(e));
            remaining -= part;
            start = part == toMonthEnd ? monthEnd : start + part * 1000;
        }
    }
    return out;
}

Stopwatch::Stopwatch(Database &db, const Clock &clock, StaffId staff, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
    , m_staff(staff)
    , m_calendar(SettingsRepository(db.connection(), clock).calendar())
    , m_workstation(localWorkstationName())
{
    qRegisterMetaType<vd::billing::SavedTime>();
    // Precise: a coarse timer may fire 5 % late, and the loss bound is the interval.
    m_heartbeatTimer.setTimerType(Qt::PreciseTimer);
    m_heartbeatTimer.setInterval(kDefaultHeartbeatMs);
    m_tickTimer.setInterval(kDefaultTickMs);
    connect(&m_heartbeatTimer, &QTimer::timeout, this, &Stopwatch::onHeartbeatTimer);
    connect(&m_tickTimer, &QTimer::timeout, this, [this] { emitTick(); });
}

Stopwatch::~Stopwatch()
{
    if (isActive()) {
        if (Status s = heartbeat(); !s)
            qCWarning(lcStopwatch) << "last heartbeat failed:" << s.error();
    }
}

const QStringList &Stopwatch::activities()
{
    static const QStringList list{
        u"data_review"_s,   u"call"_s,      u"care_plan"_s, u"care_coordination"_s,
        u"documentation"_s, u"education"_s, u"other"_s};
    return list;
}

QString Stopwatch::localWorkstationName()
{
    const QString host = QSysInfo::machineHostName();
    return host.isEmpty() ? u"unknown"_s : host;
}

qint64 Stopwatch::currentSegmentMs() const
{
    if (m_state != State::Running)
        return 0;
    return std::max<qint64>(0, m_clock.monotonicMs() - m_runStartMono);
}

std::vector<JournalSegment> Stopwatch::segmentsNow() const
{
    std::vector<JournalSegment> out = m_done;
    if (m_state == State::Running)
        out.push_back({m_runStartUtcMs, int(currentSegmentMs() / 1000), m_activity});
    return out;
}

qint64 Stopwatch::elapsedSeconds() const
{
    qint64 total = currentSegmentMs() / 1000;
    for (const JournalSegment &s : m_done)
        total += s.seconds;
    return total;
}

TimeEntry Stopwatch::prototype() const
{
    TimeEntry e;
    e.patientId = m_patient.id;
    e.staffId = m_staff;
    e.program = u"RPM"_s;
    e.method = u"timer"_s;
    e.note = m_note.trimmed();
    return e;
}

std::vector<TimeEntry> Stopwatch::pendingEntries() const
{
    if (!isActive())
        return {};
    return splitIntoEntries(segmentsNow(), prototype(), m_calendar, m_clock.nowUtcMs());
}

RunningTimer Stopwatch::journalRow() const
{
    RunningTimer t;
    t.staffId = m_staff;
    t.patientId = m_patient.id;
    t.session = m_session;
    t.activity = m_activity;
    t.program = u"RPM"_s;
    t.note = m_note.trimmed();
    t.running = m_state == State::Running;
    t.startedAtMs = m_startedAtMs;
    if (t.running) {
        t.segmentStartedAtMs = m_runStartUtcMs;
        t.segmentSeconds = int(currentSegmentMs() / 1000);
    }
    t.workstation = m_workstation;
    t.segments = m_done;
    return t;
}

void Stopwatch::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    if (state == State::Idle) {
        m_heartbeatTimer.stop();
        m_tickTimer.stop();
    } else {
        if (!m_heartbeatTimer.isActive())
            m_heartbeatTimer.start();
        if (state == State::Running)
            m_tickTimer.start();
        else
            m_tickTimer.stop();
    }
    emit stateChanged(state);
    emitTick(true);
}

void Stopwatch::reset()
{
    m_patient = Patient();
    m_session.clear();
    m_done.clear();
    m_startedAtMs = 0;
    m_runStartUtcMs = 0;
    m_runStartMono = 0;
    m_segmentsDirty = false;
    setState(State::Idle);
}

void Stopwatch::emitTick(bool force)
{
    const qint64 seconds = elapsedSeconds();
    if (!force && seconds == m_lastTick)
        return;
    m_lastTick = seconds;
    emit tick(seconds);
}

Status Stopwatch::start(PatientId patient, const QString &activity, const QString &note)
{
    if (isActive())
        return fail(m_patient.id == patient
                        ? u"the stopwatch is already running for this patient"_s
                        : u"the stopwatch is running for another patient; stop it first"_s);
    if (!activities().contains(activity))
        return fail(u"unknown activity '%1'"_s.arg(activity));
    if (m_staff <= 0)
        return fail(u"no staff member is signed in"_s);
    Result<Patient> p = PatientRepository(m_db.connection(), m_clock).byId(patient);
    if (!p)
        return fail(p.error());

    const qint64 nowUtc = m_clock.nowUtcMs();
    m_patient = *p;
    m_session = QUuid::createUuid().toString(QUuid::WithoutBraces);
    m_activity = activity;
    m_note = note;
    m_startedAtMs = nowUtc;
    m_runStartUtcMs = nowUtc;
    m_runStartMono = m_clock.monotonicMs();
    m_done.clear();
    m_segmentsDirty = false;

    RunningTimer row = journalRow();
    row.running = true;
    row.segmentStartedAtMs = nowUtc;
    row.segmentSeconds = 0;
    if (Status s = TimerJournal(m_db.connection(), m_clock).open(m_staff, row); !s) {
        m_patient = Patient();
        m_session.clear();
        m_startedAtMs = 0;
        return s;
    }
    qCDebug(lcStopwatch) << "stopwatch started";
    setState(State::Running);
    emit activityChanged(m_activity);
    return success();
}

Status Stopwatch::pause()
{
    if (m_state != State::Running)
        return fail(u"the stopwatch is not running"_s);
    const int seconds = int(currentSegmentMs() / 1000);
    if (seconds > 0)
        m_done.push_back({m_runStartUtcMs, seconds, m_activity});
    m_segmentsDirty = true;
    setState(State::Paused);
    if (Status s = writeJournal(); !s)
        emit error(s.error());
    return success();
}

Status Stopwatch::resume()
{
    if (m_state != State::Paused)
        return fail(u"the stopwatch is not paused"_s);
    m_runStartUtcMs = m_clock.nowUtcMs();
    m_runStartMono = m_clock.monotonicMs();
    setState(State::Running);
    if (Status s = writeJournal(); !s)
        emit error(s.error());
    return success();
}

Status Stopwatch::setActivity(const QString &activity)
{
    if (!activities().contains(activity))
        return fail(u"unknown activity '%1'"_s.arg(activity));
    if (activity == m_activity || !isActive()) {
        m_activity = activity;
        return success();
    }
    if (m_state == State::Running) {
        // The segment so far keeps the old activity; the next one starts where it ends,
        // so no fraction of a second is lost.
        const qint64 seconds = currentSegmentMs() / 1000;
        if (seconds > 0) {
            m_done.push_back({m_runStartUtcMs, int(seconds), m_activity});
            m_runStartUtcMs += seconds * 1000;
            m_runStartMono += seconds * 1000;
            m_segmentsDirty = true;
        }
    }
    m_activity = activity;
    emit activityChanged(m_activity);
    if (Status s = writeJournal(); !s)
        emit error(s.error());
    return success();
}

void Stopwatch::setNote(const QString &note)
{
    m_note = note; // journaled by the next heartbeat
}

Status Stopwatch::excludeTrailingSeconds(qint64 seconds)
{
    if (!isActive())
        return fail(u"the stopwatch is not running"_s);
    if (seconds <= 0)
        return success();
    if (m_state == State::Running) {
        const qint64 currentMs = currentSegmentMs();
        if (seconds * 1000 <= currentMs) {
            const qint64 keep = (currentMs - seconds * 1000) / 1000;
            if (keep > 0)
                m_done.push_back({m_runStartUtcMs, int(keep), m_activity});
            seconds = 0;
        } else {
            seconds -= currentMs / 1000;
        }
        // Counting goes on from now.
        m_runStartUtcMs = m_clock.nowUtcMs();
        m_runStartMono = m_clock.monotonicMs();
    }
    trimTrailing(m_done, seconds);
    m_segmentsDirty = true;
    if (Status s = writeJournal(); !s)
        emit error(s.error());
    emitTick(true);
    return success();
}

Result<SavedTime> Stopwatch::stop(qint64 dropTrailingSeconds)
{
    if (!isActive())
        return fail(u"the stopwatch is not running"_s);
    std::vector<JournalSegment> segments = segmentsNow();
    trimTrailing(segments, std::max<qint64>(0, dropTrailingSeconds));
    const std::vector<TimeEntry> entries =
        splitIntoEntries(std::move(segments), prototype(), m_calendar, m_clock.nowUtcMs());
    Result<SavedTime> result =
        saveAndClose(m_db, m_clock, m_staff, journalRow(), entries, u"stop"_s);
    if (!result)
        return result;
    qCDebug(lcStopwatch) << "stopwatch stopped;" << result->entryIds.size() << "entries saved";
    reset();
    emit saved(*result);
    return result;
}

Status Stopwatch::discard(const QString &reason)
{
    if (!isActive())
        return fail(u"the stopwatch is not running"_s);
    const PatientId patient = m_patient.id;
    const QString detail = u"%1 s not saved"_s.arg(elapsedSeconds()) +
                           (reason.trimmed().isEmpty() ? QString() : u": "_s + reason.trimmed());
    if (Status s = TimerJournal(m_db.connection(), m_clock)
                       .close(m_staff, journalRow(), u"discard"_s, detail);
        !s)
        return s;
    reset();
    emit discarded(patient);
    return success();
}

Status Stopwatch::writeJournal()
{
    if (!isActive())
        return success();
    const Status s =
        TimerJournal(m_db.connection(), m_clock).write(m_staff, journalRow(), m_segmentsDirty);
    if (s)
        m_segmentsDirty = false;
    return s;
}

Status Stopwatch::heartbeat()
{
    if (!isActive())
        return success();
    const Status s = writeJournal();
    if (s)
        return s;
    // The row may be gone: its time was saved or discarded elsewhere. Counting on would
    // count that time twice.
    auto row = TimerJournal(m_db.connection(), m_clock).load(m_staff);
    if (row && (!row->has_value() || (*row)->session != m_session)) {
        qCWarning(lcStopwatch) << "stopwatch journal taken over elsewhere; stopwatch reset";
        reset();
    }
    return s;
}

void Stopwatch::onHeartbeatTimer()
{
    if (Status s = heartbeat(); !s) {
        qCWarning(lcStopwatch) << "heartbeat failed:" << s.error();
        emit error(s.error());
    }
}

Result<std::optional<OrphanedTimer>>
Stopwatch::recoverable(Database &db, const Clock &clock, StaffId staff, const QString &workstation)
{
    auto row = TimerJournal(db.connection(), clock).load(staff);
    if (!row)
        return fail(row.error());
    if (!row->has_value())
        return std::optional<OrphanedTimer>();
    OrphanedTimer orphan;
    orphan.journal = std::move(**row);
    Result<Patient> patient =
        PatientRepository(db.connection(), clock).byId(orphan.journal.patientId);
    if (!patient)
        return fail(patient.error());
    orphan.patient = *patient;
    const qint64 now = clock.nowUtcMs();
    const PracticeCalendar calendar = SettingsRepository(db.connection(), clock).calendar();
    TimeEntry proto;
    orphan.seconds =
        totalSeconds(splitIntoEntries(orphan.journal.allSegments(), proto, calendar, now));
    orphan.heartbeatAgeMs = now - orphan.journal.heartbeatAtMs;
    orphan.sameWorkstation = orphan.journal.workstation ==
                             (workstation.isEmpty() ? localWorkstationName() : workstation);
    return std::optional<OrphanedTimer>(std::move(orphan));
}

Result<SavedTime> Stopwatch::recover(Database &db, const Clock &clock, StaffId actor,
                                     const OrphanedTimer &orphan)
{
    const RunningTimer &j = orphan.journal;
    TimeEntry proto;
    proto.patientId = j.patientId;
    proto.staffId = j.staffId;
    proto.program = j.program;
    proto.method = u"timer"_s;
    proto.note = j.note.isEmpty() ? kRecoveredNote : j.note + u" — "_s + kRecoveredNote;
    const PracticeCalendar calendar = SettingsRepository(db.connection(), clock).calendar();
    const std::vector<TimeEntry> entries =
        splitIntoEntries(j.allSegments(), proto, calendar, clock.nowUtcMs());
    return saveAndClose(db, clock, actor, j, entries, u"recover"_s);
}

Status Stopwatch::discardRecoverable(Database &db, const Clock &clock, StaffId actor,
                                     const OrphanedTimer &orphan, const QString &reason)
{
    const QString detail = u"%1 s not saved"_s.arg(orphan.seconds) +
                           (reason.trimmed().isEmpty() ? QString() : u": "_s + reason.trimmed());
    return TimerJournal(db.connection(), clock).close(actor, orphan.journal, u"discard"_s, detail);
}

} // namespace vd::billing
