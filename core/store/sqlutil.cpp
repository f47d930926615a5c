#include "sqlutil.h"

#include <QSqlError>

namespace vd::sql {
using namespace Qt::Literals::StringLiterals;

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

QVariant textOrNull(const QString &text)
{
    return text.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant dateOrNull(const QDate &date)
{
    return date.isValid() ? QVariant(date.toString(Qt::ISODate))
                          : QVariant(QMetaType::fromType<QString>());
}

QDate toDate(const QVariant &value)
{
    return value.isNull() ? QDate() : QDate::fromString(value.toString(), Qt::ISODate);
}

Status exec(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return fail(u"%1 failed: %2"_s.arg(what, query.lastError().text()));
    return success();
}

Result<qint64> insertReturningId(QSqlQuery &query, const QString &what)
{
    if (!query.exec())
        return fail(u"%1 failed: %2"_s.arg(what, query.lastError().text()));
    if (!query.next())
        return fail(u"%1 failed: no id returned"_s.arg(what));
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    return id;
}

} // namespace vd::sql
