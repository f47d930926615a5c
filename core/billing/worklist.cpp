#include "worklist.h"

#include <algorithm>

#include "billing/clinicalalerts.h"
#include "billing/monthfacts.h"
#include "billing/readingimport.h"
#include "billing/rulesadapter.h"
#include "store/alertrepository.h"
#include "store/clock.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr qint64 k99457Seconds = 20 * 60;

QString minutesText(qint64 seconds)
{
    // Whole minutes still needed, rounded up: 7:10 short is "8 min".
    return u"%1 min"_s.arg((seconds + 59) / 60);
}
} // namespace

int workingDaysLeftInMonth(QDate from)
{
    int days = 0;
    const QDate last = YearMonth::of(from).lastDay();
    for (QDate d = from; d <= last; d = d.addDays(1))
        days += d.dayOfWeek() <= 5 ? 1 : 0;
    return days;
}

void rankWorklist(std::vector<WorklistRow> &rows, QDate today)
{
    const int workingDays = workingDaysLeftInMonth(today);
    for (WorklistRow &r : rows) {
        r.workingDaysLeft = workingDays;
        r.needsMinutes = r.monthSeconds < k99457Seconds;
        const bool managementDone = r.managementCode == u"99457"_s;
        const bool devicesAtRisk =
            r.hasDevicePeriod && r.deviceDays < r.deviceDaysTarget && !r.deviceDaysReachable;
        const bool devicesPending = r.hasDevicePeriod && r.deviceDays < r.deviceDaysTarget;
        r.doneThisMonth = !r.blocked && managementDone && !devicesAtRisk && !r.notTransmitting;

        QStringList parts;
        double priority = 0;
        if (r.blocked) {
            parts << r.status;
        } else {
            const qint64 missing = std::max<qint64>(0, k99457Seconds - r.monthSeconds);
            if (missing > 0 && r.liveCallNeeded)
                parts << u"needs %1 + a call"_s.arg(minutesText(missing));
            else if (missing > 0)
                parts << u"needs %1"_s.arg(minutesText(missing));
            else if (r.liveCallNeeded)
                parts << u"needs a call"_s;
            else if (r.nextThresholdSeconds > 0)
                parts << u"99457 met; %1 to 99458"_s.arg(
                    minutesText(r.nextThresholdSeconds - r.monthSeconds));
            else
                parts << u"time complete"_s;
            // Minutes per remaining working day, so a patient 15 min short with 2 days
            // left comes before one 15 min short with 15 days left.
            priority += double(missing) / 60.0 / double(std::max(1, workingDays)) * 10.0;
            if (r.liveCallNeeded)
                priority += 15.0 + 30.0 / double(std::max(1, workingDays));
            if (r.notTransmitting) {
                parts << (r.lastTransmissionMs ? u"no transmission for %1 days"_s.arg(r.daysSilent)
                                               : u"no device transmission since enrolment"_s);
                priority += 12.0;
            } else if (devicesAtRisk) {
                parts << u"device days %1/%2 will fall short"_s.arg(r.deviceDays)
                             .arg(r.deviceDaysTarget);
                priority += 10.0;
            } else if (devicesPending && r.periodDaysLeft > 0) {
                const int needed = r.deviceDaysTarget - r.deviceDays;
                // Tight when nearly every remaining day must have a reading.
                if (needed * 10 >= r.periodDaysLeft * 8)
                    priority += 5.0;
            }
        }
        if (r.openAlerts > 0) {
            parts << (r.openAlerts == 1 ? u"1 alert"_s : u"%1 alerts"_s.arg(r.openAlerts));
            priority += 20.0 + 2.0 * r.openAlerts;
        }
        if (!r.blocked && !r.doneThisMonth)
            parts << (workingDays == 1 ? u"last working day"_s
                                       : u"%1 working days left"_s.arg(workingDays));
        if (r.doneThisMonth && r.openAlerts == 0)
            priority = 0;
        if (r.blocked)
            priority = r.openAlerts > 0 ? priority : -1.0;
        r.priority = priority;
        r.need = parts.join(u"; "_s);
    }
    std::stable_sort(rows.begin(), rows.end(), [](const WorklistRow &a, const WorklistRow &b) {
        if (a.priority != b.priority)
            return a.priority > b.priority;
        return a.name.localeAwareCompare(b.name) < 0;
    });
}

Result<std::vector<WorklistRow>> buildWorklist(Database &db, const Clock &clock, QDate today)
{
    MonthFactsBuilder builder(db, clock);
    auto months = builder.allPatients(YearMonth::of(today), today, ReadingWindow::CurrentPeriods);
    if (!months)
        return fail(months.error());

    const PracticeCalendar &calendar = builder.calendar();
    // Open (unacknowledged) alerts from the alerts queue, and each patient's limits.
    AlertRepository alertRepository(db.connection(), clock);
    const auto openAlerts = alertRepository.openCounts();
    if (!openAlerts)
        return fail(openAlerts.error());
    const auto storedLimits = alertRepository.allThresholds();
    if (!storedLimits)
        return fail(storedLimits.error());
    // Out-of-range readings of the last days that no import brought (the demo practice,
    // earlier versions) and whose alert the upkeep has not raised yet count as well.
    const auto missing = missingReadingAlerts(db, clock, today);
    if (!missing)
        return fail(missing.error());
    QHash<PatientId, int> pending;
    for (const Alert &a : *missing)
        ++pending[a.patientId];

    std::vector<WorklistRow> rows;
    rows.reserve(months->size());
    for (const PatientMonth &pm : *months) {
        WorklistRow row;
        row.patientId = pm.patient.id;
        row.name = pm.patient.displayName();
        row.mrn = pm.patient.mrn;
        row.birthDate = pm.patient.birthDate;
        row.lastReadingMs = pm.lastReadingMs;
        row.lastTransmissionMs = pm.lastTransmissionMs;

        const rules::MonthProgress p = rules::progress(pm.facts, 0, toRulesDate(today));
        if (!p.ok())
            return fail(u"patient %1: %2"_s.arg(pm.patient.id).arg(fromStd(p.error)));
        row.monthSeconds = p.secondsSoFar;
        row.liveCall = p.interactiveContact;
        row.liveCallNeeded = p.liveCallNeeded;
        row.managementCode = fromStd(p.managementCode);
        row.addOnUnits = p.addOnUnits;
        row.nextThresholdSeconds = p.nextThresholdSeconds;
        row.blocked = p.blocked;
        row.status = fromStd(p.status);
        if (p.devicePeriod) {
            row.hasDevicePeriod = true;
            row.periodStart = toQDate(p.devicePeriod->start);
            row.periodEnd = toQDate(p.devicePeriod->end);
            row.deviceDays = p.devicePeriod->daysSoFar;
            row.deviceDaysTarget = p.devicePeriod->fullDays;
            row.periodDaysLeft = p.devicePeriod->daysLeft;
            row.deviceDaysReachable = p.devicePeriod->fullReachable;
        }

        const auto stored = storedLimits->constFind(pm.patient.id);
        const AlertThresholds limits = stored != storedLimits->cend()
                                           ? fromStored(*stored)
                                           : AlertThresholds::forConditions(pm.episode.conditions);
        const OpenAlertCount open = openAlerts->value(pm.patient.id);
        row.openAlerts = open.total + pending.value(pm.patient.id);
        const QDate lastDay = row.lastTransmissionMs ? calendar.localDate(*row.lastTransmissionMs)
                                                     : pm.episode.monitoringStart;
        row.daysSilent = int(std::max<qint64>(0, lastDay.daysTo(today)));
        // Whole local days since the last transmission, as of `today` (not the wall clock,
        // so a worklist for another day is consistent).
        if (pm.episode.monitoringStart.daysTo(today) >= limits.noReadingDays &&
            row.daysSilent >= limits.noReadingDays) {
            row.notTransmitting = true;
            // Silence counts as one alert, whether or not raiseNoDataAlerts() has recorded
            // it yet.
            if (open.noData == 0)
                ++row.openAlerts;
        }
        rows.push_back(std::move(row));
    }
    rankWorklist(rows, today);
    return rows;
}

} // namespace vd::billing
