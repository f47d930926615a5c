#include "rules/engine.h"

#include <algorithm>
#include <array>
#include <bit>

#include "tally_p.h"
#include "text_p.h"

namespace vd::rules {

using namespace detail;

namespace {

constexpr std::string_view kDash = " — ";

void addCode(std::vector<CodeLine> &codes, std::string_view code, int units)
{
    if (units <= 0)
        return;
    for (CodeLine &line : codes) {
        if (line.code == code) {
            line.units += units;
            return;
        }
    }
    codes.push_back(CodeLine{std::string(code), units});
}

// "MD, DO, NP, PA, CNS or CNM"
void appendList(Text &t, const std::vector<std::string_view> &items, std::string_view last)
{
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0)
            t << (i + 1 == items.size() ? last : std::string_view(", "));
        t << items[i];
    }
}

void appendDeviceCodes(Text &t, const RuleSet &rs)
{
    bool first = true;
    if (rs.setup) {
        t << rs.setup->code;
        first = false;
    }
    for (const DeviceTier &tier : rs.deviceTiers) {
        t << (first ? "" : "/") << tier.code;
        first = false;
    }
}

void appendBlocks(std::vector<std::string> &reasons, const Blocks &b, const MonthFacts &facts,
                  const RuleSet &rs)
{
    if (b.noConsent)
        reasons.emplace_back("no consent on file — nothing is billable");
    if (b.notEstablished)
        reasons.emplace_back(
            "not an established patient of the billing practitioner — nothing is billable");
    if (b.rtm)
        reasons.emplace_back(
            "enrolled in RTM — RPM and RTM are mutually exclusive; nothing is billable");
    if (b.providerNotEligible) {
        Text t;
        if (facts.billingProvider.empty())
            t << "no billing provider";
        else
            t << "billing provider " << facts.billingProvider << " cannot bill RPM";
        t << " (needs ";
        appendList(t, rs.billingRoles, " or ");
        t << ") — nothing is billable";
        reasons.push_back(t.take());
    }
    if (b.deviceBilledByOther && !b.all()) {
        Text t;
        t << "device codes already billed by another practitioner — ";
        appendDeviceCodes(t, rs);
        t << " withheld; management codes unaffected";
        reasons.push_back(t.take());
    }
}

// The episode's first period (before `endIndex`) whose days meet the set-up minimum of
// the rule set it is reported under.
std::optional<PeriodTally> firstQualifyingBefore(const MonthFacts &facts, int periodDays,
                                                 int endIndex)
{
    if (endIndex <= 0)
        return std::nullopt;
    std::vector<std::uint64_t> masks(static_cast<std::size_t>(endIndex), 0);
    const std::int32_t e = facts.episode.start.toDays();
    DayCache dayNumber;
    for (const ReadingFact &r : facts.readings) {
        const std::int32_t d = dayNumber(r.date) - e;
        if (d < 0 || d / periodDays >= endIndex || !readingCounts(r))
            continue;
        masks[static_cast<std::size_t>(d / periodDays)] |= std::uint64_t(1) << (d % periodDays);
    }
    for (int k = 0; k < endIndex; ++k) {
        const int days = std::popcount(masks[static_cast<std::size_t>(k)]);
        if (days == 0)
            continue;
        PeriodTally p = periodBounds(facts.episode.start, periodDays, k);
        const RuleSet *prs = ruleSetForPeriod(facts, p.end);
        if (prs && prs->setup && days >= prs->setup->minDays) {
            p.days = days;
            return p;
        }
    }
    return std::nullopt;
}

void appendExcludedReadings(std::vector<std::string> &reasons, const PeriodTally &p)
{
    if (p.manual + p.nonPhysiologic + p.nonQualifyingDevice == 0)
        return;
    Text t;
    t << "not counted in " << DateRange{p.start, p.end} << ':';
    const char *sep = " ";
    if (p.manual > 0) {
        t << sep << p.manual << " manual (patient-reported) reading" << (p.manual > 1 ? "s" : "");
        sep = ", ";
    }
    if (p.nonPhysiologic > 0) {
        t << sep << p.nonPhysiologic << " battery/signal reading"
          << (p.nonPhysiologic > 1 ? "s" : "");
        sep = ", ";
    }
    if (p.nonQualifyingDevice > 0) {
        t << sep << p.nonQualifyingDevice << " reading" << (p.nonQualifyingDevice > 1 ? "s" : "")
          << " from a device that is not FDA-cleared or does not transmit automatically";
    }
    reasons.push_back(t.take());
}

struct DeviceContext
{
    const MonthFacts &facts;
    const RuleSet &rs;
    const Blocks &blocks;
    Date today; // day after the month when evaluating a closed month
    Decision &decision;
    std::vector<CodeLine> &earned;
};

void evaluateDevice(DeviceContext &c, const MonthWindow &w)
{
    const MonthFacts &facts = c.facts;
    const RuleSet &rs = c.rs;
    std::vector<std::string> &reasons = c.decision.reasons;
    const bool explain = !c.blocks.all();
    const bool deviceWithheld = c.blocks.all() || c.blocks.deviceBilledByOther;
    if (rs.deviceTiers.empty())
        return;

    const int periodDays = clampedPeriodDays(rs);
    const PeriodRange range = periodsEndingIn(facts.episode.start, periodDays, w.first, w.last);
    if (range.count == 0) {
        if (explain) {
            Text t;
            t << "device codes: no " << periodDays << "-day period ends in "
              << monthName(w.first.month);
            if (facts.episode.start > w.last) {
                t << " (monitoring starts " << facts.episode.start << ')';
            } else {
                const PeriodRange next = periodsEndingIn(
                    facts.episode.start, periodDays, w.last.addDays(1), w.last.addDays(periodDays));
                const PeriodTally p =
                    periodBounds(facts.episode.start, periodDays, next.firstIndex);
                t << " (period " << DateRange{p.start, p.end} << " is reported in "
                  << monthName(p.end.month) << ')';
            }
            reasons.push_back(t.take());
        }
        return;
    }

    std::array<PeriodTally, 32> periods; // a month has at most 31 period ends
    const int count = std::min(range.count, static_cast<int>(periods.size()));
    tallyPeriods(facts, periodDays, range.firstIndex, count, periods.data());

    const DeviceTier &top = rs.deviceTiers.front();
    const DeviceTier &lowest = rs.deviceTiers.back();
    const PeriodTally *setupPeriod = nullptr;
    for (int k = 0; k < count; ++k) {
        const PeriodTally &p = periods[static_cast<std::size_t>(k)];
        const DeviceTier *tier = deviceTierFor(rs, p.days);
        if (tier)
            addCode(c.earned, tier->code, 1);
        if (!setupPeriod && rs.setup && p.days >= rs.setup->minDays)
            setupPeriod = &p;
        DevicePeriodResult result{p.start, p.end, p.days, {}};
        if (tier && !deviceWithheld)
            result.code = tier->code;
        c.decision.devicePeriods.push_back(std::move(result));
        if (!explain)
            continue;

        const bool open = c.today <= p.end;
        const int left = open ? daysLeft(p, c.today) : 0;
        Text t;
        if (tier) {
            t << tier->code << ": " << p.days << " days with automatic readings in "
              << DateRange{p.start, p.end};
            if (c.blocks.deviceBilledByOther) {
                t << kDash << "withheld: another practitioner billed device codes";
            } else if (tier == &top) {
                t << " (" << tier->minDays << " needed)";
            } else {
                t << " (" << tier->minDays << "–" << (top.minDays - 1) << " days; " << top.code
                  << " needs " << top.minDays << ')';
                if (open) {
                    t << "; " << left << " days left in this period" << kDash << top.code
                      << (p.days + left >= top.minDays ? " still reachable"
                                                       : " no longer reachable");
                }
            }
        } else {
            t << lowest.code << ": " << p.days << " of " << lowest.minDays << " days in "
              << DateRange{p.start, p.end};
            if (c.blocks.deviceBilledByOther) {
                t << kDash << "withheld anyway: another practitioner billed device codes";
            } else if (open) {
                t << "; " << left << " days left in this period" << kDash
                  << (p.days + left >= lowest.minDays ? "still reachable" : "no longer reachable");
            } else {
                t << " (period closed)";
            }
        }
        reasons.push_back(t.take());
        appendExcludedReadings(reasons, p);
    }

    if (!rs.setup)
        return;
    const SetupRule &setup = *rs.setup;
    if (!setupPeriod) {
        if (explain && !facts.episode.setupBilled && !c.blocks.deviceBilledByOther) {
            Text t;
            t << setup.code << ": needs the episode's first period with at least " << setup.minDays
              << " days";
            reasons.push_back(t.take());
        }
        return;
    }
    if (facts.episode.setupBilled) {
        if (explain) {
            Text t;
            t << setup.code << ": already billed in this episode";
            reasons.push_back(t.take());
        }
        return;
    }
    if (const std::optional<PeriodTally> earlier =
            firstQualifyingBefore(facts, periodDays, setupPeriod->index)) {
        if (explain) {
            Text t;
            t << setup.code << ": not billable — set-up is billed once per episode, with its first"
              << " qualifying period (" << DateRange{earlier->start, earlier->end} << ", "
              << earlier->days << " days)";
            reasons.push_back(t.take());
        }
        return;
    }
    addCode(c.earned, setup.code, 1);
    if (explain && !deviceWithheld) {
        Text t;
        t << setup.code << ": set-up and patient education — the episode's first period with "
          << setup.minDays << "+ days (" << DateRange{setupPeriod->start, setupPeriod->end} << ')';
        reasons.push_back(t.take());
    }
}

void appendLiveCall(Text &t, const ContactFact &c)
{
    t << "a live call (" << toString(c.mode) << " with the " << toString(c.with) << " on "
      << c.start.date << ')';
}

void appendMonthSuffix(Text &t, bool open, int daysLeftInMonth, int month)
{
    if (open)
        t << "; " << daysLeftInMonth << " days left in " << monthName(month) << kDash
          << "still reachable";
    else
        t << " (month closed)";
}

} // namespace

int Decision::units(std::string_view code) const
{
    for (const CodeLine &line : codes) {
        if (line.code == code)
            return line.units;
    }
    return 0;
}

std::string formatDuration(std::int64_t seconds)
{
    Text t;
    t << Duration{seconds};
    return t.take();
}

Decision evaluate(const MonthFacts &facts)
{
    Decision d;
    d.year = facts.year;
    d.month = facts.month;
    std::string error;
    if (!validateFacts(facts, error)) {
        d.error = std::move(error);
        return d;
    }
    const RuleSet *rsp = selectRuleSet(facts, error);
    if (!rsp) {
        d.error = std::move(error);
        return d;
    }
    const RuleSet &rs = *rsp;
    d.ruleSet = rs.id;
    d.reasons.reserve(10);
    const MonthWindow w = monthWindow(facts.year, facts.month);
    const Blocks blocks = blocksFor(facts, rs);
    const bool explain = !blocks.all();
    // Without an as-of date the month is over.
    const Date today = facts.asOf.value_or(w.last.addDays(1));
    const bool monthOpen = today <= w.last;
    const int daysLeftInMonth =
        monthOpen ? (today < w.first ? w.first : today).daysTo(w.last) + 1 : 0;

    appendBlocks(d.reasons, blocks, facts, rs);
    if (!facts.ruleSet && w.first < rs.effectiveFrom) {
        Text t;
        t << "rule set " << rs.id << " applied: no earlier rule set on file (in force from "
          << rs.effectiveFrom << ')';
        d.reasons.push_back(t.take());
    }

    const TimeTally time = tallyTime(facts, rs, w, &d.reasons);
    const ContactTally contacts = tallyContacts(facts, rs, w);
    d.managementSeconds = time.counted;
    d.interactiveContact = contacts.interactive();

    std::vector<CodeLine> earned;
    DeviceContext dc{facts, rs, blocks, today, d, earned};
    evaluateDevice(dc, w);
    const std::size_t deviceCodeCount = earned.size(); // device codes come first

    // Management codes: tiers from the lowest threshold up.
    const ManagementOutcome m =
        decideManagement(rs, time.counted, contacts.interactive(), facts.addOnUnitCap);
    if (m.tier) {
        addCode(earned, m.tier->code, 1);
        if (m.addOn)
            addCode(earned, m.addOn->code, m.addOnUnits);
    }
    const std::string_view monthText = monthName(w.first.month);
    if (explain) {
        for (auto it = rs.managementTiers.rbegin(); it != rs.managementTiers.rend(); ++it) {
            const ManagementTier &tier = *it;
            if (m.tier && tier.minSeconds < m.tier->minSeconds)
                continue; // superseded by the higher code
            Text t;
            t << tier.code << ": ";
            if (&tier == m.tier) {
                t << Duration{time.counted} << " of RPM time in " << monthText << " ("
                  << Duration{tier.minSeconds} << " needed)";
                if (contacts.first) {
                    t << " and ";
                    appendLiveCall(t, *contacts.first);
                }
            } else {
                const bool needTime = time.counted < tier.minSeconds;
                const bool needCall = tier.needsInteractiveContact && !contacts.interactive();
                t << Duration{time.counted} << " of " << Duration{tier.minSeconds} << kDash;
                if (needTime)
                    t << Duration{tier.minSeconds - time.counted} << " more";
                if (needTime && needCall)
                    t << " and ";
                if (needCall)
                    t << "a live call";
                t << " needed";
                appendMonthSuffix(t, monthOpen, daysLeftInMonth, w.first.month);
            }
            d.reasons.push_back(t.take());
        }
        for (const AddOnRule &a : rs.addOns) {
            const ManagementTier *base = rs.managementTier(a.baseCode);
            if (!base || a.stepSeconds <= 0)
                continue;
            Text t;
            if (m.addOn == &a) {
                const int units = m.addOnUnits;
                t << a.code;
                if (units > 0)
                    t << " ×" << units;
                t << ": " << Duration{time.counted} << " of RPM time in " << monthText;
                if (m.uncappedAddOnUnits > m.addOnCap) {
                    t << "; capped at " << m.addOnCap << " unit" << (m.addOnCap == 1 ? "" : "s")
                      << " (" << m.uncappedAddOnUnits << " full " << Duration{a.stepSeconds}
                      << " blocks beyond the first " << Duration{base->minSeconds} << ')';
                } else if (units >= m.addOnCap) {
                    t << " (" << units << " full " << Duration{a.stepSeconds}
                      << " blocks beyond the first " << Duration{base->minSeconds}
                      << "; cap reached)";
                } else {
                    const std::int64_t need = base->minSeconds + (units + 1) * a.stepSeconds;
                    if (units == 0)
                        t << "; the first unit";
                    else
                        t << "; unit " << units + 1;
                    t << " needs " << Duration{need} << " (" << Duration{need - time.counted}
                      << " more)";
                    appendMonthSuffix(t, monthOpen, daysLeftInMonth, w.first.month);
                }
                d.reasons.push_back(t.take());
            } else if (time.counted >= base->minSeconds + a.stepSeconds && m.tier != base) {
                t << a.code << ": " << Duration{time.counted} << " of RPM time, but " << a.code
                  << " is billable only with " << base->code;
                d.reasons.push_back(t.take());
            }
        }
        if (!contacts.interactive() &&
            contacts.notCompleted + contacts.otherMode + contacts.otherCounterpart > 0) {
            Text t;
            t << "no live call in " << monthText << ':';
            const char *sep = " ";
            if (contacts.notCompleted > 0) {
                t << sep << contacts.notCompleted << " call"
                  << (contacts.notCompleted > 1 ? "s" : "") << " not connected";
                sep = ", ";
            }
            if (contacts.otherMode > 0) {
                t << sep << contacts.otherMode << " sms/portal/email/voicemail/automated contact"
                  << (contacts.otherMode > 1 ? "s" : "");
                sep = ", ";
            }
            if (contacts.otherCounterpart > 0)
                t << sep << contacts.otherCounterpart << " with someone else";
            t << " — not interactive communication";
            d.reasons.push_back(t.take());
        }
        if (time.otherProgram + time.otherRole + time.overlapping > 0) {
            Text t;
            t << "time not counted in " << monthText << ':';
            const char *sep = " ";
            if (time.otherProgram > 0) {
                t << sep << Duration{time.otherProgram} << " under other programs than ";
                appendList(t, rs.timePrograms, " or ");
                sep = ", ";
            }
            if (time.otherRole > 0) {
                t << sep << Duration{time.otherRole} << " by non-clinical staff";
                sep = ", ";
            }
            if (time.overlapping > 0)
                t << sep << Duration{time.overlapping} << " overlapping (compliance warning)";
            d.reasons.push_back(t.take());
        }
    }

    if (blocks.all()) {
        if (!earned.empty()) {
            std::sort(earned.begin(), earned.end(),
                      [](const CodeLine &a, const CodeLine &b) { return a.code < b.code; });
            Text t;
            t << "withheld although otherwise met: ";
            for (std::size_t i = 0; i < earned.size(); ++i)
                t << (i ? ", " : "") << earned[i].code;
            d.reasons.push_back(t.take());
        }
    } else {
        d.codes = std::move(earned);
        if (blocks.deviceBilledByOther) {
            d.codes.erase(d.codes.begin(),
                          d.codes.begin() + static_cast<std::ptrdiff_t>(deviceCodeCount));
        }
        std::sort(d.codes.begin(), d.codes.end(),
                  [](const CodeLine &a, const CodeLine &b) { return a.code < b.code; });
    }
    return d;
}

} // namespace vd::rules
