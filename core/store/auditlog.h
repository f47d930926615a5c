#pragma once

#include <QSqlDatabase>
#include <QString>

#include "records.h"
#include "result.h"

namespace vd {

class Clock;

// Append-only, hash-chained record of every write: who, when, what. Rows are written
// inside the caller's transaction, so a write and its audit entry land together or not
// at all. Details name records by id, never by patient data.
class AuditLog
{
public:
    AuditLog(QSqlDatabase db, const Clock &clock);

    Status append(StaffId actor, const QString &action, const QString &entity, qint64 entityId,
                  const QString &detail = {});

    // Recomputes the chain; the message names the first row that does not match.
    Status verify() const;
    qint64 count() const;

    static QString hashOf(const QString &prevHash, qint64 at, StaffId actor, const QString &action,
                          const QString &entity, qint64 entityId, const QString &detail);

private:
    QSqlDatabase m_db;
    const Clock &m_clock;
};

} // namespace vd
