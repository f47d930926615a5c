#include "patientsummary.h"

#include <QHash>

#include "billing/rulesadapter.h"
#include "store/clock.h"
#include "store/patientrepository.h"
#include "store/staffrepository.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

int ageOn(QDate birthDate, QDate day)
{
    if (!birthDate.isValid() || !day.isValid())
        return 0;
    int age = day.year() - birthDate.year();
    if (day.month() < birthDate.month() ||
        (day.month() == birthDate.month() && day.day() < birthDate.day()))
        --age;
    return age;
}

Result<PatientSummary> loadPatientSummary(Database &db, const Clock &clock, PatientId patient,
                                          QDate today)
{
    const YearMonth month = YearMonth::of(today);
    MonthFactsBuilder builder(db, clock);
    Result<PatientMonth> pm =
        builder.onePatient(patient, month, today, ReadingWindow::WholeEpisode);
    if (!pm)
        return fail(pm.error());

    PatientSummary s;
    s.patient = pm->patient;
    s.episode = pm->episode;
    s.lastReadingMs = pm->lastReadingMs;
    s.lastTransmissionMs = pm->lastTransmissionMs;
    s.ageYears = ageOn(s.patient.birthDate, today);
    s.month = month;
    s.asOf = today;

    auto devices = PatientRepository(db.connection(), clock).devices(patient);
    if (!devices)
        return fail(devices.error());
    s.devices = std::move(*devices);

    auto staff = StaffRepository(db.connection(), clock).all();
    if (!staff)
        return fail(staff.error());
    QHash<StaffId, QString> names;
    for (const StaffMember &m : *staff)
        names.insert(m.id, u"%1, %2"_s.arg(m.displayName, m.credential));
    s.orderingPractitioner = names.value(s.episode.orderingStaffId);
    s.billingPractitioner = names.value(s.episode.billingStaffId ? s.episode.billingStaffId
                                                                 : s.episode.orderingStaffId);
    s.consentObtainedBy = names.value(s.episode.consentObtainedBy);

    s.decision = evaluateMonth(*pm);
    if (!s.decision.ok())
        return fail(fromStd(s.decision.error));
    s.progress = rules::progress(pm->facts, 0, toRulesDate(today));
    if (!s.progress.ok())
        return fail(fromStd(s.progress.error));
    return s;
}

} // namespace vd::billing
