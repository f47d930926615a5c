#include "rules/engine.h"

#include <algorithm>

#include "tally_p.h"
#include "text_p.h"

namespace vd::rules {

using namespace detail;

namespace {

std::vector<Threshold> thresholdsOf(const RuleSet &rs, std::optional<int> capOverride)
{
    std::vector<Threshold> out;
    for (const ManagementTier &t : rs.managementTiers)
        out.push_back(Threshold{t.minSeconds, std::string(t.code)});
    for (const AddOnRule &a : rs.addOns) {
        const ManagementTier *base = rs.managementTier(a.baseCode);
        if (!base || a.stepSeconds <= 0)
            continue;
        const int cap = capOverride ? *capOverride : a.unitCap;
        for (int k = 1; k <= cap; ++k)
            out.push_back(Threshold{base->minSeconds + k * a.stepSeconds, std::string(a.code)});
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const Threshold &a, const Threshold &b) { return a.seconds < b.seconds; });
    return out;
}

std::string blockText(const Blocks &b, const MonthFacts &facts)
{
    Text t;
    if (b.noConsent)
        t << "no consent on file";
    else if (b.notEstablished)
        t << "not an established patient";
    else if (b.rtm)
        t << "enrolled in RTM";
    else if (facts.billingProvider.empty())
        t << "no billing provider";
    else
        t << "billing provider " << facts.billingProvider << " cannot bill RPM";
    t << " — nothing is billable";
    return t.take();
}

} // namespace

MonthProgress progress(const MonthFacts &facts, std::int64_t runningSeconds, Date today)
{
    MonthProgress mp;
    std::string error;
    if (!validateFacts(facts, error)) {
        mp.error = std::move(error);
        mp.status = mp.error;
        return mp;
    }
    if (!today.isValid()) {
        mp.error = "today: invalid date";
        mp.status = mp.error;
        return mp;
    }
    const RuleSet *rsp = selectRuleSet(facts, error);
    if (!rsp) {
        mp.error = std::move(error);
        mp.status = mp.error;
        return mp;
    }
    const RuleSet &rs = *rsp;
    mp.ruleSet = rs.id;
    const MonthWindow w = monthWindow(facts.year, facts.month);
    const Blocks blocks = blocksFor(facts, rs);
    const TimeTally time = tallyTime(facts, rs, w, nullptr);
    const ContactTally contacts = tallyContacts(facts, rs, w);

    mp.loggedSeconds = time.counted;
    mp.runningSeconds = std::max<std::int64_t>(0, runningSeconds);
    mp.secondsSoFar = mp.loggedSeconds + mp.runningSeconds;
    mp.interactiveContact = contacts.interactive();
    mp.thresholds = thresholdsOf(rs, facts.addOnUnitCap);
    mp.blocked = blocks.all();
    const bool callsNeeded =
        std::any_of(rs.managementTiers.begin(), rs.managementTiers.end(),
                    [](const ManagementTier &t) { return t.needsInteractiveContact; });
    mp.liveCallNeeded = callsNeeded && !contacts.interactive();

    const ManagementOutcome m =
        decideManagement(rs, mp.secondsSoFar, contacts.interactive(), facts.addOnUnitCap);
    if (m.tier) {
        mp.managementCode = m.tier->code;
        mp.addOnUnits = m.addOnUnits;
    }
    for (const Threshold &th : mp.thresholds) {
        if (th.seconds > mp.secondsSoFar) {
            mp.nextThresholdSeconds = th.seconds;
            mp.nextCode = th.code;
            mp.secondsToNext = th.seconds - mp.secondsSoFar;
            break;
        }
    }

    // The device period containing today.
    const int periodDays = clampedPeriodDays(rs);
    if (today >= facts.episode.start) {
        const int index = facts.episode.start.daysTo(today) / periodDays;
        PeriodTally p;
        tallyPeriods(facts, periodDays, index, 1, &p);
        const RuleSet *prs = ruleSetForPeriod(facts, p.end);
        if (!prs)
            prs = &rs;
        DevicePeriodProgress dp;
        dp.start = p.start;
        dp.end = p.end;
        dp.daysSoFar = p.days;
        dp.daysLeft = daysLeft(p, today);
        dp.minDays = prs->minDeviceDays();
        dp.reachable = dp.daysSoFar + dp.daysLeft >= dp.minDays;
        dp.fullDays = prs->deviceTiers.empty() ? 0 : prs->deviceTiers.front().minDays;
        dp.fullReachable = dp.daysSoFar + dp.daysLeft >= dp.fullDays;
        if (const DeviceTier *tier = deviceTierFor(*prs, p.days))
            dp.code = tier->code;
        mp.devicePeriod = dp;
    }

    // Status line for the stopwatch.
    Text t;
    if (mp.blocked) {
        mp.status = blockText(blocks, facts);
        return mp;
    }
    if (m.tier) {
        t << m.tier->code;
        if (m.addOn && m.addOnUnits > 0) {
            t << " + " << m.addOn->code;
            if (m.addOnUnits > 1)
                t << " ×" << m.addOnUnits;
        }
        t << " met";
        if (m.addOn && m.addOnUnits >= m.addOnCap)
            t << " — unit cap reached";
        else if (!mp.nextCode.empty())
            t << " — " << Duration{mp.secondsToNext} << " to " << mp.nextCode;
    } else {
        // Highest tier whose time is met although the call is missing.
        const ManagementTier *timeMet = nullptr;
        for (const ManagementTier &tier : rs.managementTiers) {
            if (mp.secondsSoFar >= tier.minSeconds) {
                timeMet = &tier;
                break;
            }
        }
        if (timeMet) {
            t << Duration{mp.secondsSoFar} << " — time for " << timeMet->code
              << " met, live call still needed";
        } else if (!mp.nextCode.empty()) {
            t << Duration{mp.secondsSoFar} << " of " << Duration{mp.nextThresholdSeconds};
            if (mp.liveCallNeeded)
                t << " — live call still needed";
            else
                t << " — " << Duration{mp.secondsToNext} << " to " << mp.nextCode;
        } else {
            t << Duration{mp.secondsSoFar};
        }
    }
    mp.status = t.take();
    return mp;
}

} // namespace vd::rules
