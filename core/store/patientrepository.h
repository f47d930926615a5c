#pragma once

#include <optional>
#include <vector>

#include <QSqlDatabase>

#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// The patient aggregate: demographics, enrolment episodes with their conditions, and the
// devices issued to the patient.
class PatientRepository
{
public:
    PatientRepository(QSqlDatabase db, const Clock &clock);

    Result<PatientId> add(StaffId actor, const Patient &patient);
    Result<std::vector<Patient>> all() const;
    Result<Patient> byId(PatientId id) const;
    Result<std::optional<Patient>> byMrn(const QString &mrn) const;
    Result<qint64> count() const;

    Result<qint64> addEpisode(StaffId actor, const Episode &episode);
    Result<std::vector<Episode>> episodes(PatientId patient) const;
    // Every episode of every patient, for practice-wide views (worklist, reports).
    Result<std::vector<Episode>> allEpisodes() const;

    Result<qint64> addDevice(StaffId actor, const Device &device);
    Result<std::vector<Device>> devices(PatientId patient) const;
    Result<std::vector<Device>> allDevices() const;

private:
    Result<std::vector<Episode>> queryEpisodes(PatientId patientOrZero) const;
    Result<std::vector<Device>> queryDevices(PatientId patientOrZero) const;

    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
