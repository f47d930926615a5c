#pragma once

#include <optional>
#include <vector>

#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>

#include "store/database.h"
#include "store/practicecalendar.h"
#include "store/records.h"
#include "store/result.h"
#include "store/timerjournal.h"

namespace vd {
class Clock;
}

namespace vd::billing {

// Time a stopwatch stored: the entries written and their total.
struct SavedTime
{
    PatientId patientId = 0;
    std::vector<qint64> entryIds;
    qint64 seconds = 0;
};

// A journaled stopwatch that did not stop cleanly (crash, kill, power cut, or still
// running on another workstation), as found at start-up.
struct OrphanedTimer
{
    RunningTimer journal;
    Patient patient;
    qint64 seconds = 0;        // what recovery would save (up to the last heartbeat)
    qint64 heartbeatAgeMs = 0; // how long ago its last heartbeat was written
    bool sameWorkstation = false;

    // Another workstation wrote a heartbeat recently: the stopwatch is probably still
    // running there, and recovering it here would cut it short.
    bool probablyAlive() const;
};

// Turns stopwatch segments into time entries: one per segment, cut where a local month
// ends (so each month gets its own part) and at 24 h (the longest entry the store takes).
// Segments are first moved earlier where needed so that none ends after nowUtcMs or
// after the next one starts (a wall clock set back while the stopwatch ran); durations are
// never changed. Empty segments give no entry. patient, staff, program, method and note
// come from `prototype`.
std::vector<TimeEntry> splitIntoEntries(std::vector<JournalSegment> segments,
                                        const TimeEntry &prototype,
                                        const PracticeCalendar &calendar, qint64 nowUtcMs);

// The nurse's stopwatch, tied to one patient at a time; one per signed-in staff member.
//
// Durations are measured with Clock::monotonicMs(), so wall-clock jumps and DST changes
// never distort them; each running stretch (segment) is stored as its UTC start and its
// seconds. Every heartbeat (default every 4 s) writes the running state to the journal
// (store/timerjournal), so a crash loses less than 5 s: the next start offers the
// journaled time back (recoverable(), recover(), discardRecoverable()).
//
// stop() saves one time entry per segment (method "timer", program "RPM"), split at the
// end of a local month, and deletes the journal row in the same transaction.
//
// The Database must outlive the stopwatch.
class Stopwatch : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,
        Running,
        Paused
    };
    Q_ENUM(State)

    static constexpr int kDefaultHeartbeatMs = 4000;
    static constexpr int kDefaultTickMs = 200;

    Stopwatch(Database &db, const Clock &clock, StaffId staff, QObject *parent = nullptr);
    // A running or paused stopwatch writes a last heartbeat: its time stays in the journal
    // and is offered back at the next start.
    ~Stopwatch() override;

    // data_review call care_plan care_coordination documentation education other
    static const QStringList &activities();

    StaffId staff() const { return m_staff; }
    State state() const { return m_state; }
    bool isActive() const { return m_state != State::Idle; }
    bool isRunning() const { return m_state == State::Running; }
    PatientId patientId() const { return m_patient.id; } // 0 when idle
    const Patient &patient() const { return m_patient; }
    QString activity() const { return m_activity; }
    QString note() const { return m_note; }
    qint64 startedAtMs() const { return m_startedAtMs; } // UTC; 0 when idle
    // Seconds counted so far (whole seconds per segment, as they will be saved).
    qint64 elapsedSeconds() const;
    // What stop() would save now.
    std::vector<TimeEntry> pendingEntries() const;
    const PracticeCalendar &calendar() const { return m_calendar; }

    QString workstation() const { return m_workstation; }
    void setWorkstation(const QString &name) { m_workstation = name; }
    int heartbeatIntervalMs() const { return m_heartbeatTimer.interval(); }
    void setHeartbeatIntervalMs(int ms) { m_heartbeatTimer.setInterval(ms); }
    void setTickIntervalMs(int ms) { m_tickTimer.setInterval(ms); }

    // Starts timing for a patient. Refuses while this stopwatch is active, and while the
    // staff member has a journaled stopwatch elsewhere (another workstation, or unsaved
    // time left by a crash).
    Status start(PatientId patient, const QString &activity, const QString &note = {});
    Status pause();
    Status resume();
    // While running, the current segment ends and a new one starts with this activity.
    Status setActivity(const QString &activity);
    void setNote(const QString &note);
    // Drops the last `seconds` of counted time (idle time that does not count); a running
    // stopwatch goes on from now.
    Status excludeTrailingSeconds(qint64 seconds);
    // Saves the time (less dropTrailingSeconds) and deletes the journal row, in one
    // transaction. On failure nothing is saved and the stopwatch is unchanged.
    Result<SavedTime> stop(qint64 dropTrailingSeconds = 0);
    // Deletes the journal row without saving (audited with the reason).
    Status discard(const QString &reason = {});
    // Writes the journal now (the heartbeat timer calls this).
    Status heartbeat();

    // Start-up recovery: the staff member's journaled stopwatch, if one is left.
    static Result<std::optional<OrphanedTimer>>
    recoverable(Database &db, const Clock &clock, StaffId staff, const QString &workstation = {});
    // Saves the orphan's time up to its last heartbeat (method "timer", the note marks it
    // recovered) and deletes its journal row, in one transaction.
    static Result<SavedTime> recover(Database &db, const Clock &clock, StaffId actor,
                                     const OrphanedTimer &orphan);
    static Status discardRecoverable(Database &db, const Clock &clock, StaffId actor,
                                     const OrphanedTimer &orphan, const QString &reason = {});
    static QString localWorkstationName();

signals:
    // Whenever the counted seconds change, and on every change of state.
    void tick(qint64 elapsedSeconds);
    void stateChanged(vd::billing::Stopwatch::State state);
    void activityChanged(const QString &activity);
    // After stop(): the entries are stored.
    void saved(const vd::billing::SavedTime &saved);
    void discarded(vd::PatientId patient);
    // Failures that no caller sees (heartbeat writes). No patient data.
    void error(const QString &message);

private:
    qint64 currentSegmentMs() const;
    std::vector<JournalSegment> segmentsNow() const;
    RunningTimer journalRow() const;
    TimeEntry prototype() const;
    Status writeJournal();
    void onHeartbeatTimer();
    void emitTick(bool force = false);
    void setState(State state);
    void reset();

    Database &m_db;
    const Clock &m_clock;
    StaffId m_staff = 0;
    PracticeCalendar m_calendar;
    QString m_workstation;

    State m_state = State::Idle;
    Patient m_patient;
    QString m_session;
    QString m_activity;
    QString m_note;
    qint64 m_startedAtMs = 0;
    std::vector<JournalSegment> m_done; // completed segments
    qint64 m_runStartUtcMs = 0;         // running segment: UTC start ...
    qint64 m_runStartMono = 0;          // ... and monotonic start
    bool m_segmentsDirty = false;       // m_done changed since the last journal write
    qint64 m_lastTick = -1;

    QTimer m_heartbeatTimer;
    QTimer m_tickTimer;
};

} // namespace vd::billing

Q_DECLARE_METATYPE(vd::billing::SavedTime)
