#include "rules/ruleset.h"

#include <algorithm>

// The rule-set table. One entry per calendar year of the Medicare Physician Fee Schedule
// (see /shared/RPM_RULES.md). Where sources disagree the conservative value is used.
// To add CY2027: copy the last entry, change id/effectiveFrom and the parameters that
// changed. The engine reads only these parameters.

namespace vd::rules {

namespace {

// Practitioners eligible for E/M services may be the billing provider.
const std::vector<std::string_view> kBillingRoles{"MD", "DO", "NP", "PA", "CNS", "CNM"};
// Clinical staff (under general supervision) and billing practitioners: their time counts.
const std::vector<std::string_view> kClinicalRoles{"MD",  "DO", "NP",  "PA", "CNS",
                                                   "CNM", "RN", "LPN", "MA"};
// Non-clinical staff (front desk, billing, management) are recognised but never count.
const std::vector<std::string_view> kKnownRoles{"MD", "DO",  "NP", "PA",    "CNS",    "CNM",
                                                "RN", "LPN", "MA", "ADMIN", "BILLER", "MANAGER"};
const std::vector<std::string_view> kRpmOnly{"RPM"};
const std::vector<std::string_view> kKnownPrograms{"RPM", "RTM", "CCM", "PCM", "TCM", "BHI"};
// Completed, real-time, two-way audio (optionally video).
const std::vector<ContactMode> kLiveModes{ContactMode::Phone, ContactMode::Video};
const std::vector<Counterpart> kPatientOrCaregiver{Counterpart::Patient, Counterpart::Caregiver};

std::vector<RuleSet> buildTable()
{
    std::vector<RuleSet> table;

    RuleSet cy2025;
    cy2025.id = "CY2025";
    cy2025.effectiveFrom = Date{2025, 1, 1};
    cy2025.periodDays = 30;
    cy2025.deviceTiers = {{"99454", 16}};
    cy2025.setup = SetupRule{"99453", 16};
    cy2025.managementTiers = {{"99457", 20 * 60, true}};
    cy2025.addOns = {{"99458", "99457", 20 * 60, 2}};
    cy2025.billingRoles = kBillingRoles;
    cy2025.timeRoles = kClinicalRoles;
    cy2025.knownRoles = kKnownRoles;
    cy2025.timePrograms = kRpmOnly;
    cy2025.knownPrograms = kKnownPrograms;
    cy2025.contactModes = kLiveModes;
    cy2025.counterparts = kPatientOrCaregiver;
    table.push_back(cy2025);

    // CY2026: 99445 (2-15 days) and 99470 (first 10 minutes) are new; 99453 needs 2 days.
    RuleSet cy2026 = cy2025;
    cy2026.id = "CY2026";
    cy2026.effectiveFrom = Date{2026, 1, 1};
    cy2026.deviceTiers = {{"99454", 16}, {"99445", 2}};
    cy2026.setup = SetupRule{"99453", 2};
    cy2026.managementTiers = {{"99457", 20 * 60, true}, {"99470", 10 * 60, true}};
    table.push_back(cy2026);

    std::sort(table.begin(), table.end(),
              [](const RuleSet &a, const RuleSet &b) { return a.effectiveFrom < b.effectiveFrom; });
    return table;
}

bool contains(const std::vector<std::string_view> &list, std::string_view value)
{
    return std::find(list.begin(), list.end(), value) != list.end();
}

} // namespace

bool RuleSet::hasCode(std::string_view code) const
{
    for (const DeviceTier &t : deviceTiers) {
        if (t.code == code)
            return true;
    }
    for (const ManagementTier &t : managementTiers) {
        if (t.code == code)
            return true;
    }
    for (const AddOnRule &a : addOns) {
        if (a.code == code)
            return true;
    }
    return setup && setup->code == code;
}

bool RuleSet::mayBill(std::string_view role) const
{
    return contains(billingRoles, role);
}

bool RuleSet::timeRoleCounts(std::string_view role) const
{
    return contains(timeRoles, role);
}

bool RuleSet::isKnownRole(std::string_view role) const
{
    return contains(knownRoles, role);
}

bool RuleSet::programCounts(std::string_view program) const
{
    return contains(timePrograms, program);
}

bool RuleSet::isKnownProgram(std::string_view program) const
{
    return contains(knownPrograms, program);
}

bool RuleSet::contactModeCounts(ContactMode mode) const
{
    return std::find(contactModes.begin(), contactModes.end(), mode) != contactModes.end();
}

bool RuleSet::counterpartCounts(Counterpart with) const
{
    return std::find(counterparts.begin(), counterparts.end(), with) != counterparts.end();
}

int RuleSet::minDeviceDays() const
{
    int result = 0;
    for (const DeviceTier &t : deviceTiers) {
        if (result == 0 || t.minDays < result)
            result = t.minDays;
    }
    return result;
}

const ManagementTier *RuleSet::managementTier(std::string_view code) const
{
    for (const ManagementTier &t : managementTiers) {
        if (t.code == code)
            return &t;
    }
    return nullptr;
}

const std::vector<RuleSet> &ruleSets()
{
    static const std::vector<RuleSet> table = buildTable();
    return table;
}

const RuleSet *ruleSetFor(Date date)
{
    if (!date.isValid())
        return nullptr;
    const std::vector<RuleSet> &table = ruleSets();
    if (table.empty())
        return nullptr;
    const RuleSet *found = &table.front();
    for (const RuleSet &rs : table) {
        if (rs.effectiveFrom <= date)
            found = &rs;
    }
    return found;
}

const RuleSet *ruleSetById(std::string_view id)
{
    for (const RuleSet &rs : ruleSets()) {
        if (rs.id == id)
            return &rs;
    }
    return nullptr;
}

} // namespace vd::rules
