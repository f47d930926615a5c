#pragma once

// Internal: the tallies behind evaluate() and progress(). Both call these, so the
// progress bar and the monthly report always agree.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "rules/date.h"
#include "rules/facts.h"
#include "rules/ruleset.h"

namespace vd::rules::detail {

// The evaluated calendar month, as dates and as local wall-clock seconds [start, end).
struct MonthWindow
{
    Date first;
    Date last;
    std::int64_t startSecond = 0;
    std::int64_t endSecond = 0;
};

MonthWindow monthWindow(int year, int month);

// Checks what evaluate() cannot work without; returns false with a one-line error.
bool validateFacts(const MonthFacts &facts, std::string &error);

// The explicit rule set, or the one in force on the month's first day.
const RuleSet *selectRuleSet(const MonthFacts &facts, std::string &error);
// The rule set for a device period reported in the month containing `periodEnd`.
const RuleSet *ruleSetForPeriod(const MonthFacts &facts, Date periodEnd);

struct TimeTally
{
    std::int64_t counted = 0;      // qualifying seconds inside the month
    std::int64_t otherProgram = 0; // CCM, PCM, TCM, BHI, RTM ... time
    std::int64_t otherRole = 0;    // time by roles whose time does not count
    std::int64_t overlapping = 0;  // flagged or same-staff overlapping time
};

// Sums the month's qualifying time. Compliance warnings go to `warnings` when non-null.
TimeTally tallyTime(const MonthFacts &facts, const RuleSet &rs, const MonthWindow &window,
                    std::vector<std::string> *warnings);

struct ContactTally
{
    const ContactFact *first = nullptr; // earliest interactive contact in the month
    int notCompleted = 0;               // attempts of a live mode that did not connect
    int otherMode = 0;                  // sms, portal, email, voicemail, automated
    int otherCounterpart = 0;

    bool interactive() const { return first != nullptr; }
};

ContactTally tallyContacts(const MonthFacts &facts, const RuleSet &rs, const MonthWindow &window);

// One 30-day device period; index 0 starts on the episode start.
struct PeriodTally
{
    int index = 0;
    Date start;
    Date end;
    std::uint64_t mask = 0; // bit i: day start+i has a counted reading
    int days = 0;
    int manual = 0;         // readings typed in by hand
    int nonPhysiologic = 0; // battery / signal
    int nonQualifyingDevice = 0;
};

// Periods of the episode that end in [first, last]: indexes [firstIndex, firstIndex+count).
struct PeriodRange
{
    int firstIndex = 0;
    int count = 0;
};

int clampedPeriodDays(const RuleSet &rs);
PeriodRange periodsEndingIn(Date episodeStart, int periodDays, Date first, Date last);
PeriodTally periodBounds(Date episodeStart, int periodDays, int index);
// Fills out[0..count) for periods firstIndex..firstIndex+count-1 in one pass.
void tallyPeriods(const MonthFacts &facts, int periodDays, int firstIndex, int count,
                  PeriodTally *out);
bool readingCounts(const ReadingFact &r);

// Date -> day number, remembering the last one: readings come in date order, several a day.
class DayCache
{
public:
    std::int32_t operator()(Date d)
    {
        if (!(d == m_date)) {
            m_date = d;
            m_days = d.toDays();
        }
        return m_days;
    }

private:
    Date m_date;
    std::int32_t m_days = 0;
};
// Dates from max(today, start) to end without a counted reading (0 when today > end).
int daysLeft(const PeriodTally &p, Date today);
// First tier met (nullptr if none).
const DeviceTier *deviceTierFor(const RuleSet &rs, int days);

struct ManagementOutcome
{
    const ManagementTier *tier = nullptr; // granted base code
    const AddOnRule *addOn = nullptr;     // add-on attached to the granted base, if any
    int addOnUnits = 0;
    int uncappedAddOnUnits = 0;
    int addOnCap = 0;
};

ManagementOutcome decideManagement(const RuleSet &rs, std::int64_t seconds, bool contact,
                                   std::optional<int> capOverride);

struct Blocks
{
    bool noConsent = false;
    bool notEstablished = false;
    bool rtm = false;
    bool providerNotEligible = false;
    bool deviceBilledByOther = false; // device codes only

    bool all() const { return noConsent || notEstablished || rtm || providerNotEligible; }
};

Blocks blocksFor(const MonthFacts &facts, const RuleSet &rs);

} // namespace vd::rules::detail
