#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "rules/date.h"
#include "rules/facts.h"

// Effective-dated RPM rule sets. Each calendar year's parameters are one entry of a table
// (rulesets.cpp); the engine has no year-specific branches. Adding CY2027 means adding an
// entry there.
namespace vd::rules {

// A device-supply code for one 30-day period. A period earns the FIRST tier (table
// order: highest minimum first) whose minimum it meets; tiers never combine.
struct DeviceTier
{
    std::string_view code;
    int minDays = 0;
};

// One-time set-up code: billed once per episode, in the month in which the episode's
// first period with at least minDays days ends.
struct SetupRule
{
    std::string_view code;
    int minDays = 0;
};

// A management code for the calendar month. The FIRST tier met (table order: highest
// minimum first) is billed; tiers never combine.
struct ManagementTier
{
    std::string_view code;
    std::int64_t minSeconds = 0;
    bool needsInteractiveContact = true;
};

// An add-on to one management code: one unit per FULL stepSeconds beyond the base
// code's minimum, at most unitCap units (the payer may lower or raise the cap).
struct AddOnRule
{
    std::string_view code;
    std::string_view baseCode;
    std::int64_t stepSeconds = 0;
    int unitCap = 0;
};

struct RuleSet
{
    std::string_view id; // "CY2026"
    Date effectiveFrom;  // in force from this date until the next entry's effectiveFrom
    int periodDays = 30; // length of a device period (1..64)
    std::vector<DeviceTier> deviceTiers;
    std::optional<SetupRule> setup;
    std::vector<ManagementTier> managementTiers;
    std::vector<AddOnRule> addOns;
    std::vector<std::string_view> billingRoles;  // may be the billing provider
    std::vector<std::string_view> timeRoles;     // whose time counts
    std::vector<std::string_view> knownRoles;    // every recognised credential
    std::vector<std::string_view> timePrograms;  // programs whose time counts
    std::vector<std::string_view> knownPrograms; // every recognised program
    std::vector<ContactMode> contactModes;       // modes that are interactive communication
    std::vector<Counterpart> counterparts;       // with whom a contact counts

    bool hasCode(std::string_view code) const;
    bool mayBill(std::string_view role) const;
    bool timeRoleCounts(std::string_view role) const;
    bool isKnownRole(std::string_view role) const;
    bool programCounts(std::string_view program) const;
    bool isKnownProgram(std::string_view program) const;
    bool contactModeCounts(ContactMode mode) const;
    bool counterpartCounts(Counterpart with) const;
    // Smallest day minimum of any device code (16 in CY2025, 2 in CY2026), 0 if none.
    int minDeviceDays() const;
    const ManagementTier *managementTier(std::string_view code) const;
};

// All rule sets, ordered by effectiveFrom.
const std::vector<RuleSet> &ruleSets();
// The set in force on a date (by convention the month's first day). Dates before the
// earliest entry get the earliest entry (FORMAT.md: "CY2025 before 2026-01-01").
// nullptr only for an invalid date.
const RuleSet *ruleSetFor(Date date);
// By id ("CY2025"); nullptr when unknown.
const RuleSet *ruleSetById(std::string_view id);

} // namespace vd::rules
