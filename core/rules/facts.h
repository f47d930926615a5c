#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/date.h"

// What the rules engine needs to know about one patient and one calendar month.
// core/billing builds these from the store; vitaldesk-cli evaluate builds them from a
// scenario file. All dates and times are practice-local.
namespace vd::rules {

enum class ReadingSource
{
    Device, // transmitted by the device
    Manual  // typed in by hand (patient-reported): never counts as a day
};

enum class ReadingKind
{
    Physiologic,
    Battery, // device housekeeping: never counts as a day
    Signal
};

enum class ContactMode
{
    Phone,
    Video,
    Sms,
    Portal,
    Email,
    Voicemail,
    Automated
};

enum class Counterpart
{
    Patient,
    Caregiver
};

// Lower-case tokens as in scenario files ("device", "battery", "phone", "caregiver").
// Parsing is exact (case-sensitive); unknown values give nullopt.
std::optional<ReadingSource> parseReadingSource(std::string_view text);
std::optional<ReadingKind> parseReadingKind(std::string_view text);
std::optional<ContactMode> parseContactMode(std::string_view text);
std::optional<Counterpart> parseCounterpart(std::string_view text);
std::string_view toString(ReadingSource value);
std::string_view toString(ReadingKind value);
std::string_view toString(ContactMode value);
std::string_view toString(Counterpart value);

struct ReadingFact
{
    Date date; // local calendar date of the reading
    ReadingSource source = ReadingSource::Device;
    ReadingKind kind = ReadingKind::Physiologic;
    // false when the device is not an FDA medical device or does not transmit
    // automatically: its readings never count (the reasons say how many were left out).
    bool deviceQualifies = true;
};

struct TimeFact
{
    LocalDateTime start;
    std::int64_t seconds = 0; // negative values are treated as 0 (the CLI rejects them)
    std::string program;      // "RPM" counts; "CCM" "PCM" "TCM" "BHI" "RTM" do not
    std::string role;         // credential of who did the work: "RN" "MD" ... "ADMIN"
    std::string staff;        // staff id; used to detect the same person's overlapping time
    // Set by billing when this staff member logged time for another patient at the same
    // moment: the entry counts for neither patient until resolved (compliance warning).
    bool overlapsOtherPatient = false;
    // The real instant of `start` (seconds since 1970-01-01 UTC), when known. Overlaps are
    // then found on real time: in the hour a DST change repeats, equal wall-clock times are
    // different moments. Without it, overlaps are found on wall-clock time.
    std::optional<std::int64_t> instant;
};

struct ContactFact
{
    LocalDateTime start;
    ContactMode mode = ContactMode::Phone;
    bool completed = false; // connected (not merely attempted)
    Counterpart with = Counterpart::Patient;
};

struct EpisodeFacts
{
    Date start; // monitoring start: 30-day device periods run from this date
    bool consent = false;
    bool establishedPatient = false;
    bool setupBilled = false;         // 99453 already billed in this episode
    bool rtmEnrolled = false;         // enrolled in RTM in this month/period
    bool deviceBilledByOther = false; // another practitioner billed the device codes
};

struct MonthFacts
{
    int year = 0;
    int month = 0; // 1..12
    // Rule set id ("CY2025", "CY2026"); default: the set in force on the month's first day.
    std::optional<std::string> ruleSet;
    EpisodeFacts episode;
    std::string billingProvider; // credential of the billing practitioner: "MD" "NP" ...
    // Readings may lie outside the month: the device periods that end in the month (and,
    // for 99453, every earlier period of the episode) are counted from them.
    std::vector<ReadingFact> readings;
    std::vector<TimeFact> time;
    std::vector<ContactFact> contacts;
    // "Today", for "still reachable" wording and days left. Default: the month is over.
    std::optional<Date> asOf;
    // The payer's unit limit for add-on codes (99458); default: the rule set's.
    std::optional<int> addOnUnitCap;
};

} // namespace vd::rules
