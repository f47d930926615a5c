#pragma once

#include <optional>
#include <vector>

#include <QSqlDatabase>
#include <QString>

#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// A stretch of stopwatch time that has ended (by a pause or a change of activity) but is
// not saved as a time entry yet. Seconds are measured with the monotonic clock.
struct JournalSegment
{
    qint64 startedAtMs = 0; // UTC
    int seconds = 0;
    QString activity;
};

// One staff member's running (or paused) stopwatch as journaled: what a crash would leave
// behind. Instants are UTC epoch milliseconds.
struct RunningTimer
{
    StaffId staffId = 0;
    PatientId patientId = 0;
    QString session;  // random per start: tells this stopwatch from a later one
    QString activity; // of the running segment, or of the next one while paused
    QString program = QStringLiteral("RPM");
    QString note;
    bool running = false;          // false: paused
    qint64 startedAtMs = 0;        // when the stopwatch was started
    qint64 segmentStartedAtMs = 0; // running only: start of the current segment
    int segmentSeconds = 0;        // running only: its length as of the last heartbeat
    qint64 heartbeatAtMs = 0;      // set by the journal on every write
    QString workstation;
    std::vector<JournalSegment> segments; // completed, oldest first

    // Completed segments plus the running one up to the last heartbeat.
    qint64 journaledSeconds() const;
    // Completed segments plus the running one, as separate segments, oldest first.
    std::vector<JournalSegment> allSegments() const;
};

// The running-stopwatch journal (tables running_timers and running_timer_segments): the
// only mutable state in the store. A row is created when a stopwatch starts, rewritten by
// its heartbeat, and deleted in the same transaction that saves or discards its time.
// Start, stop, recovery and discard are audited; heartbeats are not.
class TimerJournal
{
public:
    TimerJournal(QSqlDatabase db, const Clock &clock);

    // Creates the row of a stopwatch that has just started. Refuses when the staff member
    // already has one (running on another workstation, or left by a crash).
    Status open(StaffId actor, const RunningTimer &timer);
    // Heartbeat: rewrites the row of this session (heartbeat_at = now). With
    // withSegments the completed segments are rewritten too (after a pause, a change of
    // activity or dropped idle time). Fails when the row of this session is gone (its time
    // was saved or discarded elsewhere); never recreates it.
    Status write(StaffId actor, const RunningTimer &timer, bool withSegments);
    // Deletes the row of this session and its segments; audited as `action`
    // (stop | recover | discard). Part of the caller's transaction when one is open.
    Status close(StaffId actor, const RunningTimer &timer, const QString &action,
                 const QString &detail = {});

    Result<std::optional<RunningTimer>> load(StaffId staff) const;
    Result<std::vector<RunningTimer>> all() const;

private:
    Result<std::vector<RunningTimer>> query(StaffId staffOrZero) const;
    Status writeSegments(const RunningTimer &timer);

    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
