#include "chartticks.h"

#include <algorithm>
#include <cmath>

#include <QDateTime>
#include <QLocale>
#include <QSet>

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

enum class Unit
{
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year
};

struct Step
{
    Unit unit;
    int count;
    qint64 nominalMs;
};

constexpr qint64 kMinuteMs = 60'000;
constexpr qint64 kHourMs = 60 * kMinuteMs;
constexpr qint64 kDayMs = 24 * kHourMs;

constexpr Step kSteps[] = {
    {Unit::Minute, 1, kMinuteMs},       {Unit::Minute, 2, 2 * kMinuteMs},
    {Unit::Minute, 5, 5 * kMinuteMs},   {Unit::Minute, 10, 10 * kMinuteMs},
    {Unit::Minute, 15, 15 * kMinuteMs}, {Unit::Minute, 30, 30 * kMinuteMs},
    {Unit::Hour, 1, kHourMs},           {Unit::Hour, 2, 2 * kHourMs},
    {Unit::Hour, 3, 3 * kHourMs},       {Unit::Hour, 6, 6 * kHourMs},
    {Unit::Hour, 12, 12 * kHourMs},     {Unit::Day, 1, kDayMs},
    {Unit::Day, 2, 2 * kDayMs},         {Unit::Week, 1, 7 * kDayMs},
    {Unit::Week, 2, 14 * kDayMs},       {Unit::Month, 1, 30 * kDayMs},
    {Unit::Month, 2, 61 * kDayMs},      {Unit::Month, 3, 91 * kDayMs},
    {Unit::Month, 6, 182 * kDayMs},     {Unit::Year, 1, 365 * kDayMs},
};

Step chooseStep(qint64 spanMs, int maxTicks)
{
    for (const Step &s : kSteps) {
        if (spanMs / s.nominalMs <= maxTicks)
            return s;
    }
    const qint64 years = spanMs / (365 * kDayMs) / maxTicks + 1;
    return {Unit::Year, int(years), 365 * kDayMs * years};
}

} // namespace

std::vector<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, const QTimeZone &zone, int maxTicks)
{
    std::vector<TimeTick> ticks;
    if (toMs <= fromMs)
        return ticks;
    maxTicks = std::max(maxTicks, 2);
    const Step step = chooseStep(toMs - fromMs, maxTicks);
    const QLocale locale;
    const QDate firstDay = QDateTime::fromMSecsSinceEpoch(fromMs, zone).date();
    const QDate lastDay = QDateTime::fromMSecsSinceEpoch(toMs, zone).date();

    int previousYear = 0;
    QSet<QString> used;
    const auto add = [&](qint64 ms, QString label) {
        if (ms < fromMs || ms > toMs)
            return;
        while (used.contains(label))
            label += QChar(0x200B); // the axis needs unique labels; invisible
        used.insert(label);
        ticks.push_back({ms, std::move(label)});
    };
    const auto dayLabel = [&](QDate d) {
        QString label = locale.toString(d, u"MMM d"_s);
        if (previousYear != 0 && d.year() != previousYear)
            label = locale.toString(d, u"MMM d, yyyy"_s);
        previousYear = d.year();
        return label;
    };

    switch (step.unit) {
    case Unit::Minute: {
        // Spans of a few hours at most: whole minutes of local time, stepping in UTC.
        const qint64 offsetMs =
            qint64(zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(fromMs, QTimeZone::utc()))) *
            1000;
        const qint64 stepMs = step.nominalMs;
        qint64 ms = ((fromMs + offsetMs + stepMs - 1) / stepMs) * stepMs - offsetMs;
        for (; ms <= toMs; ms += stepMs) {
            const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms, zone);
            add(ms, local.time() == QTime(0, 0) ? dayLabel(local.date())
                                                : locale.toString(local.time(), u"HH:mm"_s));
        }
        break;
    }
    case Unit::Hour:
        for (QDate d = firstDay; d <= lastDay; d = d.addDays(1)) {
            for (int h = 0; h < 24; h += step.count) {
                const QDateTime local(d, QTime(h, 0), zone);
                if (local.time().hour() != h)
                    continue; // skipped by a DST change
                add(local.toMSecsSinceEpoch(),
                    h == 0 ? dayLabel(d) : locale.toString(local.time(), u"HH:mm"_s));
            }
        }
        break;
    case Unit::Day:
    case Unit::Week: {
        QDate d = firstDay;
        if (step.unit == Unit::Week) {
            d = d.addDays((8 - d.dayOfWeek()) % 7); // the next Monday
            if (step.count > 1)                     // every other Monday, the same ones always
                d = d.addDays(7 * ((d.toJulianDay() / 7) % step.count));
        } else if (step.count > 1) {
            d = d.addDays(d.toJulianDay() % step.count);
        }
        const int days = step.unit == Unit::Week ? 7 * step.count : step.count;
        for (; d <= lastDay; d = d.addDays(days))
            add(d.startOfDay(zone).toMSecsSinceEpoch(), dayLabel(d));
        break;
    }
    case Unit::Month: {
        QDate d(firstDay.year(), firstDay.month(), 1);
        while ((d.month() - 1) % step.count != 0)
            d = d.addMonths(1);
        bool first = true;
        for (; d <= lastDay; d = d.addMonths(step.count)) {
            const bool withYear = first || d.month() == 1;
            add(d.startOfDay(zone).toMSecsSinceEpoch(),
                locale.toString(d, withYear ? u"MMM yyyy"_s : u"MMM"_s));
            if (d.startOfDay(zone).toMSecsSinceEpoch() >= fromMs)
                first = false;
        }
        break;
    }
    case Unit::Year: {
        int year = firstDay.year();
        year += (step.count - year % step.count) % step.count;
        for (; year <= lastDay.year(); year += step.count) {
            const QDate d(year, 1, 1);
            add(d.startOfDay(zone).toMSecsSinceEpoch(), QString::number(year));
        }
        break;
    }
    }
    return ticks;
}

} // namespace vd::ui
