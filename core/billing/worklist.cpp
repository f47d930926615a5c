#include "worklist.h"

#include "billing/clinicalalerts.h"
#include "billing/monthfacts.h"
#include "billing/rulesadapter.h"
#include "store/clock.h"
#include "store/readingrepository.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int kAlertLookbackDays = 7;
}

Result<std::vector<WorklistRow>> buildWorklist(Database &db, const Clock &clock, QDate today)
{
    MonthFactsBuilder builder(db, clock);
    auto months = builder.allPatients(YearMonth::of(today), today, ReadingWindow::CurrentPeriods);
    if (!months)
        return fail(months.error());

    const PracticeCalendar &calendar = builder.calendar();
    const UtcRange alertRange = calendar.dateRange(today.addDays(-kAlertLookbackDays + 1), today);
    ReadingRepository readings(db.connection(), clock);

    std::vector<WorklistRow> rows;
    rows.reserve(months->size());
    for (const PatientMonth &pm : *months) {
        WorklistRow row;
        row.patientId = pm.patient.id;
        row.name = pm.patient.displayName();
        row.mrn = pm.patient.mrn;
        row.birthDate = pm.patient.birthDate;
        row.lastReadingMs = pm.lastReadingMs;

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

        const AlertThresholds limits = AlertThresholds::forConditions(pm.episode.conditions);
        auto recent = readings.forPatient(pm.patient.id, alertRange);
        if (!recent)
            return fail(recent.error());
        for (const Reading &r : *recent) {
            if (checkReading(r, limits))
                ++row.openAlerts;
        }
        const qint64 silentSinceMs = clock.nowUtcMs() - qint64(limits.noReadingDays) * 86'400'000;
        if (!row.lastReadingMs || *row.lastReadingMs < silentSinceMs)
            ++row.openAlerts;
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace vd::billing
