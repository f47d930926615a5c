#pragma once

#include <vector>

#include <QString>
#include <QTimeZone>

// Calendar-aligned time axis ticks in the practice's time zone: local midnights, Mondays,
// first days of months. (QDateTimeAxis labels in the process's local zone and puts ticks
// at even intervals, e.g. "Mar 5 17:20".) QtCore only.
namespace vd::ui {

struct TimeTick
{
    qint64 utcMs = 0;
    QString label; // unique within one call
};

// Ticks within [fromMs, toMs], at most maxTicks of them (at least 2 are allowed), on the
// smallest calendar step that fits: 1, 2, 5, 10, 15 or 30 minutes; 1, 2, 3, 6 or 12 hours;
// 1 or 2 days; 1 or 2 weeks (Mondays); 1, 2, 3 or 6 months; years.
std::vector<TimeTick> timeTicks(qint64 fromMs, qint64 toMs, const QTimeZone &zone, int maxTicks);

} // namespace vd::ui
