#pragma once

#include <vector>

#include <QSqlDatabase>

#include "records.h"
#include "result.h"

namespace vd {

class Clock;

class StaffRepository
{
public:
    StaffRepository(QSqlDatabase db, const Clock &clock);

    // actor 0 only for the very first account of a new practice.
    Result<StaffId> add(StaffId actor, const StaffMember &member);
    Result<std::vector<StaffMember>> all() const;
    Result<StaffMember> byId(StaffId id) const;

    static bool isPractitioner(const QString &credential); // may bill: MD DO NP PA CNS CNM
    static bool isKnownCredential(const QString &credential);

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
