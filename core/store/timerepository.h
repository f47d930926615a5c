#pragma once

#include <vector>

#include <QSqlDatabase>
#include <QSqlQuery>

#include "practicecalendar.h"
#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// Time entries and contacts. Nothing is updated in place: amend() and voidEntry() append
// a row that supersedes the previous version, with who, when and why. "Effective" rows
// are those no later row supersedes and that are not voided.
class TimeRepository
{
public:
    TimeRepository(QSqlDatabase db, const Clock &clock);

    Result<qint64> addEntry(StaffId actor, const TimeEntry &entry);
    Result<qint64> amendEntry(StaffId actor, qint64 entryId, const TimeEntry &replacement,
                              const QString &reason);
    Result<qint64> voidEntry(StaffId actor, qint64 entryId, const QString &reason);
    // Effective entries starting in [range.startMs - 1 day, range.endMs), so an entry that
    // starts the evening before and runs into the range is included. patient 0 = all.
    Result<std::vector<TimeEntry>> effectiveEntries(PatientId patient, UtcRange range) const;
    // The entry and every version before it, newest first.
    Result<std::vector<TimeEntry>> entryHistory(qint64 entryId) const;

    Result<qint64> addContact(StaffId actor, const Contact &contact);
    Result<qint64> amendContact(StaffId actor, qint64 contactId, const Contact &replacement,
                                const QString &reason);
    Result<std::vector<Contact>> effectiveContacts(PatientId patient, UtcRange range) const;

    // Inserts many entries and contacts in one unit of work (demo practice, imports).
    Status insertBulk(StaffId actor, const std::vector<TimeEntry> &entries,
                      const std::vector<Contact> &contacts);

private:
    Status validate(const TimeEntry &entry) const;
    Status validate(const Contact &contact) const;
    Result<qint64> insertEntry(StaffId actor, const TimeEntry &entry);
    Result<qint64> insertEntry(QSqlQuery &prepared, StaffId actor, const TimeEntry &entry);
    Result<qint64> insertContact(StaffId actor, const Contact &contact);
    Result<qint64> insertContact(QSqlQuery &prepared, StaffId actor, const Contact &contact);

    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
