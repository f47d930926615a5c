#pragma once

#include <QSqlDatabase>
#include <QString>

#include "practicecalendar.h"
#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// Practice-wide settings stored in the database (shared by every workstation).
class SettingsRepository
{
public:
    SettingsRepository(QSqlDatabase db, const Clock &clock);

    QString value(const QString &key, const QString &fallback = {}) const;
    Status setValue(StaffId actor, const QString &key, const QString &value);

    QString practiceName() const;
    // The practice's time zone (setting "practice.time_zone"; the system's when unset).
    QTimeZone timeZone() const;
    PracticeCalendar calendar() const { return PracticeCalendar(timeZone()); }

    static inline const QString kPracticeName = QStringLiteral("practice.name");
    static inline const QString kTimeZone = QStringLiteral("practice.time_zone");

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
