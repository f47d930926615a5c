#include "auditlog.h"

#include <QCryptographicHash>
#include <QSqlQuery>

#include "clock.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {
const QString kGenesis = u"0"_s.repeated(64);
}

AuditLog::AuditLog(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

QString AuditLog::hashOf(const QString &prevHash, qint64 at, StaffId actor, const QString &action,
                         const QString &entity, qint64 entityId, const QString &detail)
{
    const QString canonical = QStringList{prevHash,
                                          QString::number(at),
                                          QString::number(actor),
                                          action,
                                          entity,
                                          QString::number(entityId),
                                          detail}
                                  .join(QChar(0x1f));
    return QString::fromLatin1(
        QCryptographicHash::hash(canonical.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Status AuditLog::append(StaffId actor, const QString &action, const QString &entity,
                        qint64 entityId, const QString &detail)
{
    QSqlQuery last(m_db);
    last.prepare(u"SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1"_s);
    if (Status s = sql::exec(last, u"reading the audit log"_s); !s)
        return s;
    const QString prev = last.next() ? last.value(0).toString() : kGenesis;
    last.finish();

    const qint64 at = m_clock.nowUtcMs();
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail, "
              "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"_s);
    q.addBindValue(at);
    q.addBindValue(sql::idOrNull(actor));
    q.addBindValue(action);
    q.addBindValue(entity);
    q.addBindValue(entityId);
    q.addBindValue(detail);
    q.addBindValue(prev);
    q.addBindValue(hashOf(prev, at, actor, action, entity, entityId, detail));
    return sql::exec(q, u"writing the audit log"_s);
}

Status AuditLog::verify() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, at, actor_id, action, entity, entity_id, detail, prev_hash, hash "
              "FROM audit_log ORDER BY id"_s);
    if (Status s = sql::exec(q, u"reading the audit log"_s); !s)
        return s;
    QString prev = kGenesis;
    while (q.next()) {
        const qint64 id = q.value(0).toLongLong();
        if (q.value(7).toString() != prev)
            return fail(u"audit log row %1 does not follow row before it"_s.arg(id));
        const QString expected =
            hashOf(prev, q.value(1).toLongLong(), q.value(2).toLongLong(), q.value(3).toString(),
                   q.value(4).toString(), q.value(5).toLongLong(), q.value(6).toString());
        if (expected != q.value(8).toString())
            return fail(u"audit log row %1 was altered"_s.arg(id));
        prev = expected;
    }
    return success();
}

qint64 AuditLog::count() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COUNT(*) FROM audit_log"_s) || !q.next())
        return -1;
    return q.value(0).toLongLong();
}

} // namespace vd
