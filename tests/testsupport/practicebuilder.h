#pragma once

#include <optional>

#include <QDate>
#include <QHash>
#include <QTime>

#include "store/database.h"
#include "store/practicecalendar.h"
#include "store/records.h"

namespace vd {
class Clock;
}

namespace vd::test {

// Builds small practices for tests: staff, enrolled patients, readings, time and calls,
// written through the store's repositories. Times are practice-local wall-clock times.
// Every call QVERIFYs-equivalently aborts the test on failure (QFAIL inside).
class PracticeBuilder
{
public:
    PracticeBuilder(Database &db, const Clock &clock,
                    const QByteArray &timeZone = "America/New_York");

    StaffId admin() const { return m_admin; }
    StaffId nurse() const { return m_nurse; }
    StaffId physician() const { return m_physician; }
    const PracticeCalendar &calendar() const { return m_calendar; }

    StaffId addStaff(const QString &name, const QString &credential);
    // A patient with an RPM episode (consent on file, established) and a BP monitor.
    PatientId addEnrolledPatient(const QString &mrn, const QString &family, QDate monitoringStart);
    qint64 deviceOf(PatientId patient) const;

    void addReading(PatientId patient, QDate day, QTime time, const QString &kind, double v1,
                    std::optional<double> v2 = std::nullopt,
                    const QString &source = QStringLiteral("device"));
    // One BP reading on each day of [first, last].
    void addDailyReadings(PatientId patient, QDate first, QDate last);
    qint64 addTime(PatientId patient, QDate day, QTime start, int seconds,
                   const QString &program = QStringLiteral("RPM"), StaffId staff = 0);
    qint64 addCall(PatientId patient, QDate day, QTime start, int seconds, bool connected = true,
                   const QString &mode = QStringLiteral("phone"));

private:
    Database &m_db;
    const Clock &m_clock;
    PracticeCalendar m_calendar;
    StaffId m_admin = 0;
    StaffId m_nurse = 0;
    StaffId m_physician = 0;
    QHash<PatientId, qint64> m_devices;
};

} // namespace vd::test
