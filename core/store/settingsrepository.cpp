#include "settingsrepository.h"

#include <QSqlQuery>

#include "auditlog.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

SettingsRepository::SettingsRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

QString SettingsRepository::value(const QString &key, const QString &fallback) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT value FROM settings WHERE key = ?"_s);
    q.addBindValue(key);
    if (!q.exec() || !q.next())
        return fallback;
    return q.value(0).toString();
}

Status SettingsRepository::setValue(StaffId actor, const QString &key, const QString &value)
{
    ScopedTransaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO settings (key, value) VALUES (?, ?) "
              "ON CONFLICT (key) DO UPDATE SET value = excluded.value"_s);
    q.addBindValue(key);
    q.addBindValue(value);
    if (Status s = sql::exec(q, u"saving setting %1"_s.arg(key)); !s)
        return s;
    if (Status s =
            AuditLog(m_db, m_clock).append(actor, u"set"_s, u"setting"_s, 0, key + u'=' + value);
        !s)
        return s;
    return tx.commit();
}

QString SettingsRepository::practiceName() const
{
    return value(kPracticeName, u"VitalDesk practice"_s);
}

QTimeZone SettingsRepository::timeZone() const
{
    const QString id = value(kTimeZone);
    if (!id.isEmpty()) {
        QTimeZone zone(id.toUtf8());
        if (zone.isValid())
            return zone;
    }
    return QTimeZone::systemTimeZone();
}

} // namespace vd
