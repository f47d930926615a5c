#include "monthfacts.h"

#include <algorithm>
#include <map>

#include <QHash>

#include "billing/rulesadapter.h"
#include "store/clock.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "store/settingsrepository.h"
#include "store/staffrepository.h"
#include "store/timerepository.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

namespace {

bool overlaps(const Episode &e, QDate first, QDate last)
{
    return e.monitoringStart.isValid() && e.monitoringStart <= last &&
           (!e.monitoringEnd.isValid() || e.monitoringEnd >= first);
}

using Interval = std::pair<qint64, qint64>; // UTC ms, half-open

// For each entry, the parts (UTC ms) during which the same staff member also logged time
// for another patient. Only those parts count for neither patient.
QHash<qint64, std::vector<Interval>> crossPatientOverlaps(std::vector<TimeEntry> entries)
{
    std::sort(entries.begin(), entries.end(), [](const TimeEntry &a, const TimeEntry &b) {
        return std::tie(a.staffId, a.startedAtMs) < std::tie(b.staffId, b.startedAtMs);
    });
    QHash<qint64, std::vector<Interval>> overlaps;
    for (size_t i = 0; i < entries.size(); ++i) {
        const TimeEntry &a = entries[i];
        const qint64 aEnd = a.startedAtMs + qint64(a.seconds) * 1000;
        for (size_t j = i + 1; j < entries.size() && entries[j].staffId == a.staffId; ++j) {
            const TimeEntry &b = entries[j];
            if (b.startedAtMs >= aEnd)
                break;
            const qint64 bEnd = b.startedAtMs + qint64(b.seconds) * 1000;
            if (b.patientId == a.patientId || b.seconds <= 0 || a.seconds <= 0)
                continue;
            const Interval both{b.startedAtMs, std::min(aEnd, bEnd)};
            overlaps[a.id].push_back(both);
            overlaps[b.id].push_back(both);
        }
    }
    return overlaps;
}

// Splits an entry into the parts outside and inside `overlaps`, as (start ms, seconds,
// overlapping) pieces in time order.
struct Piece
{
    qint64 startMs;
    qint64 seconds;
    bool overlapping;
};

std::vector<Piece> splitAtOverlaps(const TimeEntry &e, std::vector<Interval> overlaps)
{
    const qint64 end = e.startedAtMs + qint64(e.seconds) * 1000;
    std::sort(overlaps.begin(), overlaps.end());
    std::vector<Piece> pieces;
    qint64 cursor = e.startedAtMs;
    const auto add = [&](qint64 from, qint64 to, bool overlapping) {
        if (to > from)
            pieces.push_back({from, (to - from) / 1000, overlapping});
    };
    for (const Interval &o : overlaps) {
        const qint64 lo = std::max(o.first, cursor);
        const qint64 hi = std::min(o.second, end);
        if (hi <= lo)
            continue;
        add(cursor, lo, false);
        add(lo, hi, true);
        cursor = hi;
    }
    add(cursor, end, false);
    return pieces;
}

} // namespace

rules::Decision evaluateMonth(const PatientMonth &month)
{
    rules::Decision decision = rules::evaluate(month.facts);
    if (!decision.ok())
        return decision;
    for (const EarlierEpisode &earlier : month.earlier) {
        const rules::Decision d = rules::evaluate(earlier.facts);
        if (!d.ok())
            return d;
        const std::string from =
            "episode that started " + rules::toString(earlier.facts.episode.start);
        for (const rules::DevicePeriodResult &period : d.devicePeriods) {
            decision.devicePeriods.push_back(period);
            if (period.code.empty())
                continue;
            auto same =
                std::find_if(decision.codes.begin(), decision.codes.end(),
                             [&](const rules::CodeLine &c) { return c.code == period.code; });
            if (same != decision.codes.end())
                ++same->units;
            else
                decision.codes.push_back({period.code, 1});
        }
        if (d.hasCode("99453") && !decision.hasCode("99453"))
            decision.codes.push_back({"99453", 1});
        for (const std::string &reason : d.reasons) {
            if (reason.rfind("99453", 0) == 0 || reason.rfind("99454", 0) == 0 ||
                reason.rfind("99445", 0) == 0)
                decision.reasons.push_back(reason + " (" + from + ")");
        }
    }
    std::sort(decision.codes.begin(), decision.codes.end(),
              [](const rules::CodeLine &a, const rules::CodeLine &b) { return a.code < b.code; });
    return decision;
}

MonthFactsBuilder::MonthFactsBuilder(Database &db, const Clock &clock)
    : m_db(db)
    , m_clock(clock)
    , m_calendar(SettingsRepository(db.connection(), clock).calendar())
{}

Result<std::vector<PatientMonth>> MonthFactsBuilder::allPatients(YearMonth month, QDate asOf,
                                                                 ReadingWindow window) const
{
    return load(0, month, asOf, window);
}

Result<PatientMonth> MonthFactsBuilder::onePatient(PatientId patient, YearMonth month, QDate asOf,
                                                   ReadingWindow window) const
{
    Result<std::vector<PatientMonth>> all = load(patient, month, asOf, window);
    if (!all)
        return fail(all.error());
    if (all->empty())
        return fail(
            u"patient %1 has no RPM episode in force in %2"_s.arg(patient).arg(month.toString()));
    return std::move(all->front());
}

Result<std::vector<PatientMonth>> MonthFactsBuilder::load(PatientId only, YearMonth month,
                                                          QDate asOf, ReadingWindow window) const
{
    QSqlDatabase db = m_db.connection();
    const QDate first = month.firstDay();
    const QDate last = month.lastDay();
    const UtcRange monthRange = m_calendar.monthRange(month);

    // Staff credentials: whose time counts and who may bill is the rules' decision.
    QHash<StaffId, QString> credentials;
    {
        auto staff = StaffRepository(db, m_clock).all();
        if (!staff)
            return fail(staff.error());
        for (const StaffMember &m : *staff)
            credentials.insert(m.id, m.credential);
    }

    PatientRepository patientsRepo(db, m_clock);
    std::vector<Patient> patients;
    if (only) {
        auto p = patientsRepo.byId(only);
        if (!p)
            return fail(p.error());
        patients.push_back(std::move(*p));
    } else {
        auto all = patientsRepo.all();
        if (!all)
            return fail(all.error());
        patients = std::move(*all);
    }
    auto episodes = only ? patientsRepo.episodes(only) : patientsRepo.allEpisodes();
    if (!episodes)
        return fail(episodes.error());

    std::map<PatientId, PatientMonth> byPatient;
    QHash<PatientId, bool> rtm;
    for (const Episode &e : *episodes) {
        if (!overlaps(e, first, last))
            continue;
        if (e.program == u"RTM"_s) {
            rtm.insert(e.patientId, true);
        } else if (e.program == u"RPM"_s) {
            PatientMonth &pm = byPatient[e.patientId];
            if (pm.episode.id == 0 || e.monitoringStart > pm.episode.monitoringStart) {
                if (pm.episode.id != 0)
                    pm.earlier.push_back({pm.episode, {}});
                pm.episode = e;
            } else {
                pm.earlier.push_back({e, {}});
            }
        }
    }
    QDate earliestStart = first.addDays(-30);
    for (const Patient &p : patients) {
        auto it = byPatient.find(p.id);
        if (it == byPatient.end())
            continue;
        PatientMonth &pm = it->second;
        pm.patient = p;
        const auto describe = [&](const Episode &e, rules::MonthFacts &f) {
            f.year = month.year;
            f.month = month.month;
            f.episode.start = toRulesDate(e.monitoringStart);
            f.episode.consent = e.hasConsent() && e.consentDate <= last;
            f.episode.establishedPatient = !e.establishedEvidence.trimmed().isEmpty();
            f.episode.rtmEnrolled = rtm.value(p.id, false);
            const StaffId biller = e.billingStaffId ? e.billingStaffId : e.orderingStaffId;
            f.billingProvider = credentials.value(biller).toStdString();
            if (asOf.isValid() && asOf >= first && asOf <= last)
                f.asOf = toRulesDate(asOf);
            if (window == ReadingWindow::WholeEpisode)
                earliestStart = std::min(earliestStart, e.monitoringStart);
            else if (e.monitoringStart < first.addDays(-30))
                // Earlier periods are not loaded: the one-time set-up code belongs to them.
                f.episode.setupBilled = true;
        };
        describe(pm.episode, pm.facts);
        for (EarlierEpisode &earlier : pm.earlier)
            describe(earlier.episode, earlier.facts);
    }

    // Readings: dates and qualification only.
    {
        ReadingRepository readings(db, m_clock);
        const UtcRange range{m_calendar.startOfDayUtcMs(earliestStart), monthRange.endMs};
        PatientMonth *current = nullptr;
        PatientId currentId = 0;
        const Status s = readings.instants(
            range,
            [&](const ReadingInstant &r) {
                if (r.patientId != currentId) {
                    currentId = r.patientId;
                    auto it = byPatient.find(r.patientId);
                    current = it == byPatient.end() ? nullptr : &it->second;
                }
                if (!current)
                    return;
                rules::ReadingFact fact;
                fact.date = toRulesDate(m_calendar.localDate(r.takenAtMs));
                fact.source =
                    r.manual ? rules::ReadingSource::Manual : rules::ReadingSource::Device;
                fact.kind =
                    r.physiologic ? rules::ReadingKind::Physiologic : rules::ReadingKind::Battery;
                fact.deviceQualifies = r.deviceQualifies;
                // A reading belongs to the episode whose monitoring window holds its day.
                const QDate day = toQDate(fact.date);
                if (day >= current->episode.monitoringStart || current->earlier.empty()) {
                    current->facts.readings.push_back(fact);
                    return;
                }
                for (EarlierEpisode &earlier : current->earlier) {
                    if (earlier.episode.isActiveOn(day)) {
                        earlier.facts.readings.push_back(fact);
                        return;
                    }
                }
            },
            only);
        if (!s)
            return fail(s.error());
        auto lastTimes = readings.lastReadingTimes(false);
        auto lastTransmissions = readings.lastReadingTimes(true);
        if (!lastTimes || !lastTransmissions)
            return fail(!lastTimes ? lastTimes.error() : lastTransmissions.error());
        for (auto &[id, pm] : byPatient) {
            if (auto t = lastTimes->constFind(id); t != lastTimes->constEnd())
                pm.lastReadingMs = *t;
            if (auto t = lastTransmissions->constFind(id); t != lastTransmissions->constEnd())
                pm.lastTransmissionMs = *t;
        }
    }

    // Time: every patient's entries, so one person's overlapping work is found.
    TimeRepository time(db, m_clock);
    {
        auto entries = time.effectiveEntries(0, monthRange);
        if (!entries)
            return fail(entries.error());
        const QHash<qint64, std::vector<Interval>> overlaps = crossPatientOverlaps(*entries);
        for (const TimeEntry &t : *entries) {
            auto it = byPatient.find(t.patientId);
            if (it == byPatient.end())
                continue;
            const std::string role = credentials.value(t.staffId).toStdString();
            const std::string staff = std::to_string(t.staffId);
            const auto addFact = [&](qint64 startMs, qint64 seconds, bool overlapping) {
                rules::TimeFact fact;
                fact.start = toRulesLocal(m_calendar, startMs);
                fact.instant = startMs / 1000;
                fact.seconds = seconds;
                fact.program = t.program.toStdString();
                fact.role = role;
                fact.staff = staff;
                fact.overlapsOtherPatient = overlapping;
                it->second.facts.time.push_back(std::move(fact));
            };
            const auto found = overlaps.constFind(t.id);
            if (found == overlaps.constEnd()) {
                addFact(t.startedAtMs, t.seconds, false);
                continue;
            }
            ++it->second.excludedOverlapEntries;
            for (const Piece &p : splitAtOverlaps(t, *found))
                addFact(p.startMs, p.seconds, p.overlapping);
        }
    }
    {
        auto contacts = time.effectiveContacts(only, monthRange);
        if (!contacts)
            return fail(contacts.error());
        for (const Contact &c : *contacts) {
            auto it = byPatient.find(c.patientId);
            if (it == byPatient.end())
                continue;
            rules::ContactFact fact;
            fact.start = toRulesLocal(m_calendar, c.startedAtMs);
            fact.mode = rules::parseContactMode(c.mode.toStdString())
                            .value_or(rules::ContactMode::Automated);
            fact.completed = c.connected;
            fact.with = c.counterpart == u"caregiver"_s ? rules::Counterpart::Caregiver
                                                        : rules::Counterpart::Patient;
            it->second.facts.contacts.push_back(fact);
        }
    }

    std::vector<PatientMonth> out;
    out.reserve(byPatient.size());
    for (const Patient &p : patients) {
        auto it = byPatient.find(p.id);
        if (it != byPatient.end() && it->second.patient.id != 0)
            out.push_back(std::move(it->second));
    }
    return out;
}

} // namespace vd::billing
