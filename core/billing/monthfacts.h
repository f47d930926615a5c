#pragma once

#include <optional>
#include <vector>

#include "rules/engine.h"
#include "store/database.h"
#include "store/practicecalendar.h"
#include "store/records.h"
#include "store/result.h"

namespace vd {
class Clock;
}

namespace vd::billing {

// An earlier RPM episode that ended during the month (re-enrolment, device swap): its last
// device periods may still end in the month.
struct EarlierEpisode
{
    Episode episode;
    rules::MonthFacts facts; // its readings only; management time belongs to the month
};

// Everything the rules engine is told about one patient-month, with the store records
// it came from.
struct PatientMonth
{
    Patient patient;
    Episode episode;         // the latest RPM episode in force during the month
    rules::MonthFacts facts; // ready for rules::evaluate / rules::progress
    std::vector<EarlierEpisode> earlier;
    std::optional<qint64> lastReadingMs;      // any physiologic reading, typed ones too
    std::optional<qint64> lastTransmissionMs; // sent by a device
    int excludedOverlapEntries = 0; // entries with a part overlapping another patient's time
};

// How far back readings are loaded. The device periods ending in the month always need
// up to 30 days before it; 99453 needs the whole episode.
enum class ReadingWindow
{
    CurrentPeriods, // the month and the 30 days before (worklist, progress)
    WholeEpisode    // every reading since monitoring start (monthly review, sign-off)
};

// The month's decision: the current episode's codes and reasons, plus the device codes of
// periods of earlier episodes that end in the month.
rules::Decision evaluateMonth(const PatientMonth &month);

// The month's decision: the current episode's codes and reasons, plus the device codes of
// periods of earlier episodes that end in the month.
rules::Decision evaluateMonth(const PatientMonth &month);

// Builds rule facts from the store: the one place where store records become the
// minutes, days and contacts the rules count.
class MonthFactsBuilder
{
public:
    MonthFactsBuilder(Database &db, const Clock &clock);

    // Every patient with an RPM episode in force during the month, by patient name.
    // asOf: "today" inside the month (null = the month is over).
    Result<std::vector<PatientMonth>> allPatients(YearMonth month, QDate asOf,
                                                  ReadingWindow window) const;
    Result<PatientMonth> onePatient(PatientId patient, YearMonth month, QDate asOf,
                                    ReadingWindow window) const;

    const PracticeCalendar &calendar() const { return m_calendar; }

private:
    Result<std::vector<PatientMonth>> load(PatientId patientOrZero, YearMonth month, QDate asOf,
                                           ReadingWindow window) const;

    Database &m_db;
    const Clock &m_clock;
    PracticeCalendar m_calendar;
};

} // namespace vd::billing
