#include "tally_p.h"

#include <algorithm>
#include <array>
#include <bit>
#include <utility>

#include "text_p.h"

namespace vd::rules::detail {

namespace {

constexpr std::int64_t kDay = 86400;

std::string indexed(const char *list, std::size_t i, const char *field)
{
    Text t;
    t << list << '[' << static_cast<std::int64_t>(i) << "]." << field << ": invalid date";
    return t.take();
}

std::string_view who(const TimeFact &e)
{
    return e.staff.empty() ? std::string_view(e.role) : std::string_view(e.staff);
}

// Length of the union of half-open intervals (sorted in place).
std::int64_t unionLength(std::vector<std::pair<std::int64_t, std::int64_t>> &spans)
{
    std::sort(spans.begin(), spans.end());
    std::int64_t total = 0;
    std::int64_t curStart = 0;
    std::int64_t curEnd = 0;
    bool open = false;
    for (const auto &[a, b] : spans) {
        if (!open || a > curEnd) {
            if (open)
                total += curEnd - curStart;
            curStart = a;
            curEnd = b;
            open = true;
        } else {
            curEnd = std::max(curEnd, b);
        }
    }
    if (open)
        total += curEnd - curStart;
    return total;
}

} // namespace

MonthWindow monthWindow(int year, int month)
{
    MonthWindow w;
    w.first = Date{year, month, 1};
    w.last = w.first.lastOfMonth();
    w.startSecond = std::int64_t(w.first.toDays()) * kDay;
    w.endSecond = (std::int64_t(w.last.toDays()) + 1) * kDay;
    return w;
}

bool validateFacts(const MonthFacts &facts, std::string &error)
{
    if (!Date{facts.year, facts.month, 1}.isValid()) {
        error = "month: must be a month 1..12 of a year 1..9999";
        return false;
    }
    if (!facts.episode.start.isValid()) {
        error = "episode.start: invalid date";
        return false;
    }
    Date checked; // readings usually come in date order, several per day
    for (std::size_t i = 0; i < facts.readings.size(); ++i) {
        const Date d = facts.readings[i].date;
        if (d == checked)
            continue;
        if (!d.isValid()) {
            error = indexed("readings", i, "date");
            return false;
        }
        checked = d;
    }
    for (std::size_t i = 0; i < facts.time.size(); ++i) {
        if (!facts.time[i].start.isValid()) {
            error = indexed("time", i, "start");
            return false;
        }
    }
    for (std::size_t i = 0; i < facts.contacts.size(); ++i) {
        if (!facts.contacts[i].start.isValid()) {
            error = indexed("contacts", i, "start");
            return false;
        }
    }
    if (facts.asOf && !facts.asOf->isValid()) {
        error = "as_of: invalid date";
        return false;
    }
    if (facts.addOnUnitCap && *facts.addOnUnitCap < 0) {
        error = "add_on_unit_cap: must not be negative";
        return false;
    }
    return true;
}

const RuleSet *selectRuleSet(const MonthFacts &facts, std::string &error)
{
    if (facts.ruleSet) {
        const RuleSet *rs = ruleSetById(*facts.ruleSet);
        if (!rs) {
            Text t;
            t << "rules: unknown rule set \"" << *facts.ruleSet << "\" (known:";
            for (const RuleSet &known : ruleSets())
                t << ' ' << known.id;
            t << ')';
            error = t.take();
        }
        return rs;
    }
    const RuleSet *rs = ruleSetFor(Date{facts.year, facts.month, 1});
    if (!rs)
        error = "month: no rule set in force";
    return rs;
}

const RuleSet *ruleSetForPeriod(const MonthFacts &facts, Date periodEnd)
{
    if (facts.ruleSet)
        return ruleSetById(*facts.ruleSet);
    return ruleSetFor(periodEnd.firstOfMonth());
}

TimeTally tallyTime(const MonthFacts &facts, const RuleSet &rs, const MonthWindow &window,
                    std::vector<std::string> *warnings)
{
    TimeTally tally;
    const std::vector<TimeFact> &entries = facts.time;
    const std::size_t n = entries.size();
    // Start seconds, computed once (the overlap pass looks at every pair).
    std::array<std::int64_t, 32> startBuffer;
    std::vector<std::int64_t> startHeap;
    std::int64_t *starts = startBuffer.data();
    if (n > startBuffer.size()) {
        startHeap.resize(n);
        starts = startHeap.data();
    }
    // Real-time offset of each entry (instant minus wall clock), so overlaps compare real
    // moments while the month window stays on the wall clock.
    std::array<std::int64_t, 32> offsetBuffer{};
    std::vector<std::int64_t> offsetHeap;
    std::int64_t *offsets = offsetBuffer.data();
    if (n > offsetBuffer.size()) {
        offsetHeap.assign(n, 0);
        offsets = offsetHeap.data();
    }
    for (std::size_t i = 0; i < n; ++i) {
        starts[i] = entries[i].start.toSeconds();
        offsets[i] = entries[i].instant ? *entries[i].instant - starts[i] : 0;
    }

    // Same-staff overlaps (any program): rare, so detected first with a cheap pass.
    bool anyOverlap = false;
    for (std::size_t i = 0; i < n; ++i) {
        const TimeFact &a = entries[i];
        if (a.staff.empty() || a.seconds <= 0)
            continue;
        // a's part inside the month, on real time.
        const std::int64_t aLo = std::max(starts[i], window.startSecond);
        const std::int64_t aHi = std::min(starts[i] + a.seconds, window.endSecond);
        if (aHi <= aLo)
            continue;
        const std::int64_t as = aLo + offsets[i];
        const std::int64_t ae = aHi + offsets[i];
        for (std::size_t j = i + 1; j < n; ++j) {
            const TimeFact &b = entries[j];
            if (b.seconds <= 0)
                continue;
            const std::int64_t bs = starts[j] + offsets[j];
            const std::int64_t lo = std::max(as, bs);
            const std::int64_t hi = std::min(ae, bs + b.seconds);
            if (hi <= lo || b.staff != a.staff)
                continue;
            anyOverlap = true;
            if (warnings) {
                Text t;
                t << "compliance warning: " << a.staff << " logged overlapping time on "
                  << LocalDateTime::fromSeconds(lo - offsets[i]).date << " ("
                  << Duration{hi - lo}
                  << " overlap) — the overlap counts for neither entry until resolved";
                warnings->push_back(t.take());
            }
        }
    }

    std::vector<std::pair<std::int64_t, std::int64_t>> spans;
    for (std::size_t i = 0; i < n; ++i) {
        const TimeFact &e = entries[i];
        if (e.seconds <= 0)
            continue;
        const std::int64_t s = starts[i];
        const std::int64_t end = s + e.seconds;
        const std::int64_t lo = std::max(s, window.startSecond);
        const std::int64_t hi = std::min(end, window.endSecond);
        if (hi <= lo)
            continue;
        const std::int64_t inMonth = hi - lo;
        if (!rs.programCounts(e.program)) {
            tally.otherProgram += inMonth;
            continue;
        }
        if (!rs.timeRoleCounts(e.role)) {
            tally.otherRole += inMonth;
            continue;
        }
        if (e.overlapsOtherPatient) {
            tally.overlapping += inMonth;
            if (warnings) {
                Text t;
                t << "compliance warning: " << Duration{inMonth} << " logged by " << who(e)
                  << " on " << e.start.date
                  << " overlaps time with another patient — not counted until resolved";
                warnings->push_back(t.take());
            }
            continue;
        }
        std::int64_t overlap = 0;
        if (anyOverlap && !e.staff.empty()) {
            spans.clear();
            for (std::size_t j = 0; j < n; ++j) {
                const TimeFact &o = entries[j];
                if (j == i || o.seconds <= 0)
                    continue;
                const std::int64_t os = starts[j] + offsets[j];
                const std::int64_t a = std::max(lo + offsets[i], os);
                const std::int64_t b = std::min(hi + offsets[i], os + o.seconds);
                if (b > a && o.staff == e.staff)
                    spans.emplace_back(a, b);
            }
            overlap = unionLength(spans);
        }
        tally.overlapping += overlap;
        tally.counted += inMonth - overlap;
    }
    return tally;
}

ContactTally tallyContacts(const MonthFacts &facts, const RuleSet &rs, const MonthWindow &window)
{
    ContactTally tally;
    for (const ContactFact &c : facts.contacts) {
        if (c.start.date < window.first || c.start.date > window.last)
            continue;
        if (!rs.contactModeCounts(c.mode)) {
            ++tally.otherMode;
        } else if (!c.completed) {
            ++tally.notCompleted;
        } else if (!rs.counterpartCounts(c.with)) {
            ++tally.otherCounterpart;
        } else if (!tally.first || c.start < tally.first->start) {
            tally.first = &c;
        }
    }
    return tally;
}

int clampedPeriodDays(const RuleSet &rs)
{
    return std::clamp(rs.periodDays, 1, 64);
}

PeriodRange periodsEndingIn(Date episodeStart, int periodDays, Date first, Date last)
{
    const std::int32_t e = episodeStart.toDays();
    const std::int32_t x = first.toDays() - e - (periodDays - 1);
    const std::int32_t y = last.toDays() - e - (periodDays - 1);
    if (y < 0)
        return {};
    const std::int32_t lo = x <= 0 ? 0 : (x + periodDays - 1) / periodDays;
    const std::int32_t hi = y / periodDays;
    if (hi < lo)
        return {};
    return PeriodRange{lo, hi - lo + 1};
}

PeriodTally periodBounds(Date episodeStart, int periodDays, int index)
{
    PeriodTally p;
    p.index = index;
    p.start = episodeStart.addDays(index * periodDays);
    p.end = p.start.addDays(periodDays - 1);
    return p;
}

bool readingCounts(const ReadingFact &r)
{
    return r.source == ReadingSource::Device && r.kind == ReadingKind::Physiologic &&
           r.deviceQualifies;
}

void tallyPeriods(const MonthFacts &facts, int periodDays, int firstIndex, int count,
                  PeriodTally *out)
{
    const Date start = facts.episode.start;
    for (int k = 0; k < count; ++k)
        out[k] = periodBounds(start, periodDays, firstIndex + k);
    const std::int32_t e = start.toDays();
    DayCache days;
    for (const ReadingFact &r : facts.readings) {
        const std::int32_t d = days(r.date) - e;
        if (d < 0)
            continue;
        const int k = d / periodDays - firstIndex;
        if (k < 0 || k >= count)
            continue;
        PeriodTally &p = out[k];
        if (r.source != ReadingSource::Device)
            ++p.manual;
        else if (r.kind != ReadingKind::Physiologic)
            ++p.nonPhysiologic;
        else if (!r.deviceQualifies)
            ++p.nonQualifyingDevice;
        else
            p.mask |= std::uint64_t(1) << (d % periodDays);
    }
    for (int k = 0; k < count; ++k)
        out[k].days = std::popcount(out[k].mask);
}

int daysLeft(const PeriodTally &p, Date today)
{
    if (today > p.end)
        return 0;
    const int from = today < p.start ? 0 : p.start.daysTo(today);
    const int span = p.start.daysTo(p.end) + 1;
    int left = 0;
    for (int i = from; i < span; ++i) {
        if (!(p.mask & (std::uint64_t(1) << i)))
            ++left;
    }
    return left;
}

const DeviceTier *deviceTierFor(const RuleSet &rs, int days)
{
    for (const DeviceTier &t : rs.deviceTiers) {
        if (days >= t.minDays)
            return &t;
    }
    return nullptr;
}

ManagementOutcome decideManagement(const RuleSet &rs, std::int64_t seconds, bool contact,
                                   std::optional<int> capOverride)
{
    ManagementOutcome out;
    for (const ManagementTier &t : rs.managementTiers) {
        if (seconds >= t.minSeconds && (contact || !t.needsInteractiveContact)) {
            out.tier = &t;
            break;
        }
    }
    if (!out.tier)
        return out;
    for (const AddOnRule &a : rs.addOns) {
        if (a.baseCode != out.tier->code || a.stepSeconds <= 0)
            continue;
        out.addOn = &a;
        out.addOnCap = capOverride ? *capOverride : a.unitCap;
        const std::int64_t beyond = seconds - out.tier->minSeconds;
        out.uncappedAddOnUnits = static_cast<int>(
            std::min<std::int64_t>(beyond > 0 ? beyond / a.stepSeconds : 0, 1000000));
        out.addOnUnits = std::min(out.uncappedAddOnUnits, out.addOnCap);
        break;
    }
    return out;
}

Blocks blocksFor(const MonthFacts &facts, const RuleSet &rs)
{
    Blocks b;
    b.noConsent = !facts.episode.consent;
    b.notEstablished = !facts.episode.establishedPatient;
    b.rtm = facts.episode.rtmEnrolled;
    b.providerNotEligible = !rs.mayBill(facts.billingProvider);
    b.deviceBilledByOther = facts.episode.deviceBilledByOther;
    return b;
}

} // namespace vd::rules::detail
