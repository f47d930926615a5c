#pragma once

#include <QString>

#include "store/database.h"
#include "store/records.h"
#include "store/result.h"

namespace vd {
class Clock;
}

namespace vd::billing {

// Logging contacts and manual time: the rules about what a nurse may record, in one place.
class TimeLog
{
public:
    TimeLog(Database &db, const Clock &clock);

    // Records a contact. When addTime is true (no stopwatch was running during the call)
    // the call's minutes are also stored as a time entry (activity "call", method timer)
    // linked to the contact, in the same transaction. With a running stopwatch the
    // minutes are already being timed, so only the contact is stored: a call's minutes
    // count once.
    Result<qint64> logContact(StaffId actor, const Contact &contact, bool addTime);

    // Time worked away from the app. Needs a reason; refused if it overlaps the same
    // staff member's other time.
    Result<qint64> addManualTime(StaffId actor, const TimeEntry &entry);
    Result<qint64> amendTime(StaffId actor, qint64 entryId, const TimeEntry &replacement,
                             const QString &reason);
    Result<qint64> deleteTime(StaffId actor, qint64 entryId, const QString &reason);

    // Whether a contact of this mode, connected or not, satisfies the interactive
    // communication requirement under the rule set in force on `day`.
    static bool isInteractive(const QString &mode, bool connected, QDate day);

private:
    Status checkOverlap(const TimeEntry &entry, qint64 ignoreId) const;

    Database &m_db;
    const Clock &m_clock;
};

} // namespace vd::billing
