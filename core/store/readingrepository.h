#pragma once

#include <functional>
#include <vector>

#include <QHash>
#include <QSqlDatabase>

#include "practicecalendar.h"
#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// Instant and qualification of one reading, enough to count device days.
struct ReadingInstant
{
    PatientId patientId = 0;
    qint64 takenAtMs = 0;
    bool physiologic = true;  // false for battery / signal
    bool manual = false;      // typed in by hand
    bool deviceQualifies = true; // device FDA-cleared and transmitting automatically
};

class ReadingRepository
{
public:
    ReadingRepository(QSqlDatabase db, const Clock &clock);

    // Inserts readings as one unit of work (a savepoint inside an outer transaction).
    // Readings whose (external_source, external_id) already exists are skipped and
    // counted in *duplicates. The batch's audit entry names the count, not the patients.
    Status insert(StaffId actor, const std::vector<Reading> &readings, qint64 *duplicates = nullptr);

    Result<std::vector<Reading>> forPatient(PatientId patient, UtcRange range,
                                            const QString &kind = {}) const;
    // Streams instants of all patients' readings in range, ordered by patient then time.
    Status instants(UtcRange range, const std::function<void(const ReadingInstant &)> &sink,
                    PatientId patientOrZero = 0) const;
    // Latest physiologic reading transmitted by a device, per patient (epoch ms).
    Result<QHash<PatientId, qint64>> lastReadingTimes() const;
    Result<qint64> count() const;

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
