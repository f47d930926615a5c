#include "practicecalendar.h"

namespace vd {

YearMonth YearMonth::fromString(const QString &text)
{
    const QDate d = QDate::fromString(text + u"-01", Qt::ISODate);
    if (text.size() != 7 || !d.isValid())
        return {};
    return of(d);
}

QString YearMonth::toString() const
{
    return QString::asprintf("%04d-%02d", year, month);
}

PracticeCalendar::PracticeCalendar(QTimeZone zone)
    : m_zone(zone.isValid() ? std::move(zone) : QTimeZone::utc())
{}

QDateTime PracticeCalendar::toLocal(qint64 utcMs) const
{
    return QDateTime::fromMSecsSinceEpoch(utcMs, m_zone);
}

QDate PracticeCalendar::localDate(qint64 utcMs) const
{
    return toLocal(utcMs).date();
}

qint64 PracticeCalendar::startOfDayUtcMs(QDate day) const
{
    return day.startOfDay(m_zone).toMSecsSinceEpoch();
}

UtcRange PracticeCalendar::dayRange(QDate day) const
{
    return {startOfDayUtcMs(day), startOfDayUtcMs(day.addDays(1))};
}

UtcRange PracticeCalendar::monthRange(YearMonth month) const
{
    return {startOfDayUtcMs(month.firstDay()), startOfDayUtcMs(month.next().firstDay())};
}

UtcRange PracticeCalendar::dateRange(QDate first, QDate last) const
{
    return {startOfDayUtcMs(first), startOfDayUtcMs(last.addDays(1))};
}

qint64 PracticeCalendar::toUtcMs(QDate day, QTime time) const
{
    return QDateTime(day, time, m_zone).toMSecsSinceEpoch();
}

} // namespace vd
