#pragma once

// Test fixtures for the rules engine: terse builders for MonthFacts and a compact text
// form of the granted codes ("99453 99454 99458x2").

#include <QString>
#include <QStringList>

#include "rules/engine.h"

namespace fx {

using namespace vd::rules;

inline Date day(int y, int m, int d)
{
    return Date{y, m, d};
}

inline LocalDateTime at(Date date, int hour, int minute = 0, int second = 0)
{
    return LocalDateTime{date, hour * 3600 + minute * 60 + second};
}

// A billable baseline: consent, established patient, billed by an MD.
inline MonthFacts month(int year, int month, Date episodeStart)
{
    MonthFacts f;
    f.year = year;
    f.month = month;
    f.episode.start = episodeStart;
    f.episode.consent = true;
    f.episode.establishedPatient = true;
    f.billingProvider = "MD";
    return f;
}

// One reading on each of `count` consecutive days from `from`.
inline void addDays(MonthFacts &f, Date from, int count,
                    ReadingSource source = ReadingSource::Device,
                    ReadingKind kind = ReadingKind::Physiologic, bool deviceQualifies = true)
{
    for (int i = 0; i < count; ++i)
        f.readings.push_back(ReadingFact{from.addDays(i), source, kind, deviceQualifies});
}

inline TimeFact &addTime(MonthFacts &f, LocalDateTime start, std::int64_t seconds,
                         std::string program = "RPM", std::string role = "RN",
                         std::string staff = {})
{
    f.time.push_back(
        TimeFact{start, seconds, std::move(program), std::move(role), std::move(staff), false, std::nullopt});
    return f.time.back();
}

inline void addCall(MonthFacts &f, LocalDateTime start, ContactMode mode = ContactMode::Phone,
                    bool completed = true, Counterpart with = Counterpart::Patient)
{
    f.contacts.push_back(ContactFact{start, mode, completed, with});
}

inline QString codes(const Decision &d)
{
    QStringList parts;
    for (const CodeLine &line : d.codes) {
        QString s = QString::fromStdString(line.code);
        if (line.units != 1)
            s += QStringLiteral("x") + QString::number(line.units);
        parts << s;
    }
    return parts.join(QLatin1Char(' '));
}

inline QString allReasons(const Decision &d)
{
    QStringList parts;
    for (const std::string &r : d.reasons)
        parts << QString::fromStdString(r);
    return parts.join(QLatin1Char('\n'));
}

inline bool hasReason(const Decision &d, const QString &fragment)
{
    const std::string needle = fragment.toStdString();
    for (const std::string &r : d.reasons) {
        if (r.find(needle) != std::string::npos)
            return true;
    }
    return false;
}

} // namespace fx
