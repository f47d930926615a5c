#pragma once

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

namespace vd {

// A calendar month, e.g. 2026-03.
struct YearMonth
{
    int year = 0;
    int month = 0;

    static YearMonth of(QDate date) { return {date.year(), date.month()}; }
    static YearMonth fromString(const QString &text); // "YYYY-MM"; invalid -> {0,0}
    bool isValid() const { return year > 0 && month >= 1 && month <= 12; }
    QDate firstDay() const { return QDate(year, month, 1); }
    QDate lastDay() const { return firstDay().addMonths(1).addDays(-1); }
    YearMonth next() const { return of(firstDay().addMonths(1)); }
    YearMonth previous() const { return of(firstDay().addMonths(-1)); }
    QString toString() const; // "YYYY-MM"
    friend auto operator<=>(const YearMonth &, const YearMonth &) = default;
};

// Half-open interval of UTC instants [startMs, endMs).
struct UtcRange
{
    qint64 startMs = 0;
    qint64 endMs = 0;
    bool contains(qint64 ms) const { return ms >= startMs && ms < endMs; }
};

// The one place where UTC instants are mapped to the practice's calendar days and months.
// Instants are stored in UTC; which day or month they belong to depends on the practice's
// time zone, including across DST changes.
class PracticeCalendar
{
public:
    explicit PracticeCalendar(QTimeZone zone = QTimeZone::systemTimeZone());

    const QTimeZone &timeZone() const { return m_zone; }

    QDateTime toLocal(qint64 utcMs) const;
    QDate localDate(qint64 utcMs) const;
    // First instant of the local day (local midnight, or the first valid time on a day
    // whose midnight a DST change skips).
    qint64 startOfDayUtcMs(QDate day) const;
    UtcRange dayRange(QDate day) const;
    UtcRange monthRange(YearMonth month) const;
    UtcRange dateRange(QDate first, QDate last) const; // [first 00:00, last+1 00:00)
    // A local wall-clock time on a given day, as UTC.
    qint64 toUtcMs(QDate day, QTime time) const;

private:
    QTimeZone m_zone;
};

} // namespace vd
