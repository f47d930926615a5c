#pragma once

#include <QDate>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include "result.h"

// Small helpers shared by the repositories. Every statement is parameterised.
namespace vd::sql {

// NULL for 0 ids, empty strings and invalid dates; the value otherwise.
QVariant idOrNull(qint64 id);
QVariant textOrNull(const QString &text);
QVariant dateOrNull(const QDate &date);
QDate toDate(const QVariant &value);

// Prepares and executes; on failure the error names `what` and the driver's message.
Status exec(QSqlQuery &query, const QString &what);
// For "INSERT ... RETURNING id" statements (SQLite >= 3.35 and PostgreSQL).
Result<qint64> insertReturningId(QSqlQuery &query, const QString &what);

} // namespace vd::sql
