#pragma once

#include <optional>
#include <vector>

#include <QDate>
#include <QStringList>

#include "billing/monthfacts.h"
#include "rules/engine.h"
#include "store/database.h"
#include "store/records.h"
#include "store/result.h"

namespace vd {
class Clock;
}

namespace vd::billing {

// What the patient record's header and month panel show.
struct PatientSummary
{
    Patient patient;
    Episode episode;
    std::vector<Device> devices;
    QString orderingPractitioner;
    QString billingPractitioner;
    QString consentObtainedBy;
    std::optional<qint64> lastReadingMs;
    std::optional<qint64> lastTransmissionMs;
    int ageYears = 0;

    YearMonth month;
    QDate asOf;
    rules::Decision decision;      // codes earned so far this month, with the rules' reasons
    rules::MonthProgress progress; // without a running stopwatch
};

// Loads the summary for the month containing `today` (practice-local). Codes and reasons
// come from rules::evaluate on facts from MonthFactsBuilder (the whole episode's readings,
// so 99453 is decided correctly).
Result<PatientSummary> loadPatientSummary(Database &db, const Clock &clock, PatientId patient,
                                          QDate today);

// Age in whole years on `day`.
int ageOn(QDate birthDate, QDate day);

} // namespace vd::billing
