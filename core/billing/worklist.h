#pragma once

#include <optional>
#include <vector>

#include <QDate>
#include <QString>

#include "store/database.h"
#include "store/records.h"
#include "store/result.h"

namespace vd {
class Clock;
}

namespace vd::billing {

// One enrolled patient's standing this month, as the nurse's worklist shows it.
struct WorklistRow
{
    PatientId patientId = 0;
    QString name; // "Family, Given"
    QString mrn;
    QDate birthDate;

    qint64 monthSeconds = 0; // qualifying RPM time this month (rules::progress)
    bool liveCall = false;   // an interactive contact this month
    bool liveCallNeeded = false;
    QString managementCode;          // earned so far: "99457", "99470" or empty
    int addOnUnits = 0;              // 99458 units earned so far
    qint64 nextThresholdSeconds = 0; // 0 once capped

    bool hasDevicePeriod = false;
    QDate periodStart;
    QDate periodEnd;
    int deviceDays = 0; // counted days in the current 30-day period
    int deviceDaysTarget = 16;
    int periodDaysLeft = 0;
    bool deviceDaysReachable = false;

    std::optional<qint64> lastReadingMs;      // any physiologic reading, typed ones too
    std::optional<qint64> lastTransmissionMs; // sent by a device
    int openAlerts = 0;   // unacknowledged alerts, incl. readings not yet raised and silence
    bool blocked = false; // consent, established patient, RTM or billing provider
    QString status;       // the rules' one-line progress

    // The nurse's plan: what is still needed, how urgent, and why.
    int workingDaysLeft = 0;      // Monday–Friday from today to the month's end, today included
    int daysSilent = 0;           // whole days since the last transmission (or since enrolment)
    bool notTransmitting = false; // nothing for AlertThresholds::noReadingDays or more
    bool needsMinutes = false;    // under 20 minutes this month
    bool doneThisMonth = false;   // 99457 earned and device days on track or met
    double priority = 0;          // higher = sooner; see rankWorklist()
    QString need;                 // "needs 8 min + a call; 6 working days left"
};

// Monday–Friday dates from `from` to the end of its month, `from` included.
int workingDaysLeftInMonth(QDate from);

// Fills priority, need and the flags above from the row's figures, and sorts the rows:
// patients who can still earn codes this month but are behind pace first — minutes still
// needed against working days left, no live call yet, device days that will fall short
// unless transmission resumes, open alerts. Done and blocked patients last.
void rankWorklist(std::vector<WorklistRow> &rows, QDate today);

// Builds the worklist for the month containing `today` (practice-local). The figures come
// from rules::progress on facts built by MonthFactsBuilder, the same path as the
// monthly review.
Result<std::vector<WorklistRow>> buildWorklist(Database &db, const Clock &clock, QDate today);

} // namespace vd::billing
