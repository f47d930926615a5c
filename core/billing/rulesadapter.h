#pragma once

#include <QDate>
#include <QString>

#include "rules/date.h"
#include "store/practicecalendar.h"

// Conversions between the store's Qt types and the rules engine's standard types.
namespace vd::billing {

inline rules::Date toRulesDate(QDate d)
{
    return d.isValid() ? rules::Date{d.year(), d.month(), d.day()} : rules::Date{};
}

inline QDate toQDate(rules::Date d)
{
    return d.isValid() ? QDate(d.year, d.month, d.day) : QDate();
}

inline rules::LocalDateTime toRulesLocal(const PracticeCalendar &calendar, qint64 utcMs)
{
    const QDateTime local = calendar.toLocal(utcMs);
    return {toRulesDate(local.date()), local.time().msecsSinceStartOfDay() / 1000};
}

inline QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

} // namespace vd::billing
