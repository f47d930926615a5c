#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.h"
#include "rules/facts.h"
#include "rules/ruleset.h"

// The RPM rules engine: which CPT codes a patient-month earns, and why.
//
// Errors: evaluate() and progress() never throw for bad facts. When the facts cannot be
// evaluated at all (month not 1..12, unknown rule set id, invalid episode start, an invalid
// date in a reading, time entry or contact) the result's `error` holds one line naming
// the problem and the other fields are empty; check ok() first.
namespace vd::rules {

struct CodeLine
{
    std::string code;
    int units = 1;

    friend bool operator==(const CodeLine &, const CodeLine &) = default;
};

// A 30-day device period that ends in the evaluated month.
struct DevicePeriodResult
{
    Date start;
    Date end;
    int days = 0;     // distinct dates with an automatically transmitted physiologic reading
    std::string code; // device code billed for the period, empty if none

    friend bool operator==(const DevicePeriodResult &, const DevicePeriodResult &) = default;
};

struct Decision
{
    std::string error; // non-empty: nothing below is meaningful
    int year = 0;
    int month = 0;
    std::string ruleSet;                           // id of the rule set applied
    std::vector<CodeLine> codes;                   // sorted by code
    std::int64_t managementSeconds = 0;            // qualifying RPM time inside the month
    bool interactiveContact = false;               // at least one live call in the month
    std::vector<DevicePeriodResult> devicePeriods; // periods ending in the month
    // One line per code granted or withheld (and per block, excluded fact group and
    // compliance warning), in words a billing expert would use.
    std::vector<std::string> reasons;

    bool ok() const { return error.empty(); }
    bool hasCode(std::string_view code) const { return units(code) > 0; }
    int units(std::string_view code) const;
};

Decision evaluate(const MonthFacts &facts);

struct Threshold
{
    std::int64_t seconds = 0;
    std::string code; // "99470", "99457", "99458"

    friend bool operator==(const Threshold &, const Threshold &) = default;
};

// The device period containing "today".
struct DevicePeriodProgress
{
    Date start;
    Date end;
    int daysSoFar = 0;          // counted days in the period
    int daysLeft = 0;           // dates from today to the period end that have no counted day yet
    int minDays = 0;            // smallest minimum of any device code (16 in CY2025, 2 in CY2026)
    bool reachable = false;     // daysSoFar + daysLeft >= minDays
    int fullDays = 0;           // minimum of the top device code (16)
    bool fullReachable = false; // daysSoFar + daysLeft >= fullDays
    std::string code;           // device code the days so far already earn, empty if none
};

struct MonthProgress
{
    std::string error; // as Decision::error
    std::string ruleSet;
    std::int64_t loggedSeconds = 0;  // qualifying time already logged (as evaluate())
    std::int64_t runningSeconds = 0; // the running stopwatch
    std::int64_t secondsSoFar = 0;   // logged + running
    // Next threshold above secondsSoFar; nextCode empty (and both 0) once capped.
    std::int64_t nextThresholdSeconds = 0;
    std::string nextCode;
    std::int64_t secondsToNext = 0;
    std::vector<Threshold> thresholds; // all of the rule year, ascending (progress-bar marks)
    bool interactiveContact = false;
    bool liveCallNeeded = false; // no live call yet, and management codes need one
    std::string managementCode;  // management code earned so far (with the running time)
    int addOnUnits = 0;          // add-on units earned so far
    bool blocked = false;        // consent, established patient, RTM or billing provider
    std::optional<DevicePeriodProgress> devicePeriod; // none before the episode starts
    // "14:32 of 20:00 — live call still needed", "99457 met — 5:28 to 99458"
    std::string status;

    bool ok() const { return error.empty(); }
};

// Progress for the nurse UI: the month's facts so far plus a running stopwatch (counted
// as RPM time by a clinical role), as of `today`. Uses the same tallies as evaluate().
MonthProgress progress(const MonthFacts &facts, std::int64_t runningSeconds, Date today);

// "m:ss" (minutes unbounded: 75:00); negative values are shown as 0:00.
std::string formatDuration(std::int64_t seconds);

} // namespace vd::rules
