#pragma once

#include <optional>
#include <string>

#include <QDate>
#include <QObject>
#include <QPointer>
#include <QString>

#include "billing/monthfacts.h"
#include "rules/engine.h"
#include "store/database.h"
#include "store/practicecalendar.h"
#include "store/records.h"
#include "store/result.h"

namespace vd {
class Clock;
}

namespace vd::billing {

class Stopwatch;

// One patient's month so far, with the running stopwatch, as the progress bar shows it.
struct LiveMonthProgress
{
    QString error; // non-empty: nothing below is meaningful (e.g. not enrolled this month)
    PatientId patientId = 0;
    YearMonth month;
    QDate today;
    // secondsSoFar, thresholds, liveCallNeeded, managementCode and status include the
    // running stopwatch's time.
    rules::MonthProgress rules;
    qint64 loggedSeconds = 0;  // saved time that counts this month
    qint64 runningSeconds = 0; // the running stopwatch's part that counts this month

    bool ok() const { return error.isEmpty(); }
};

// Live month progress for one patient: the month's facts are loaded ONCE through
// MonthFactsBuilder (the code path of the worklist and the monthly report) and kept;
// current() adds the running stopwatch's pending entries as time facts and asks
// rules::progress(), so the bar shows exactly the figure the report will use, including
// who counts (role), which month a minute belongs to, and overlaps. current() is cheap
// enough to call every second.
//
// refresh() reloads the facts; it runs by itself when the stopwatch saves and when the
// month changes. Call it after saving a contact or a manual entry for the patient.
class MonthProgressTracker : public QObject
{
    Q_OBJECT

public:
    MonthProgressTracker(Database &db, const Clock &clock, QObject *parent = nullptr);

    // The running stopwatch (may be null). Its time counts while it runs for the patient.
    void setStopwatch(const Stopwatch *stopwatch);
    void setPatient(PatientId patient);
    PatientId patient() const { return m_patient; }

    Status refresh();
    LiveMonthProgress current();

signals:
    void refreshed();

private:
    QDate today() const;

    Database &m_db;
    const Clock &m_clock;
    PracticeCalendar m_calendar;
    QPointer<const Stopwatch> m_stopwatch;
    PatientId m_patient = 0;

    YearMonth m_month;
    QString m_error;
    std::optional<PatientMonth> m_facts;
    qint64 m_loggedSeconds = 0;
    std::string m_stopwatchRole; // credential of the stopwatch's staff member
};

} // namespace vd::billing
