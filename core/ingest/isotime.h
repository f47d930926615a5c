#pragma once

#include <optional>

#include <QByteArrayView>
#include <QStringView>

namespace vd::ingest {

// How much of a date-time was given.
enum class TimePrecision : quint8
{
    Year,  // "2024"
    Month, // "2024-03"
    Day,   // "2024-03-05"
    Time,  // "2024-03-05T08:30[:00[.123]]" with or without offset
};

// A parsed ISO-8601 / FHIR dateTime or instant.
struct IsoTime
{
    int year = 0;
    int month = 1; // 1..12
    int day = 1;   // 1..31
    int hour = 0;
    int minute = 0;
    int second = 0;
    int millisecond = 0; // fraction truncated to milliseconds
    TimePrecision precision = TimePrecision::Year;
    bool hasOffset = false;     // "Z" or +hh:mm / +hhmm / +hh
    int offsetSeconds = 0;      // east of UTC
    qint64 msecsSinceEpoch = 0; // UTC; valid when precision == Time && hasOffset

    bool isInstant() const { return precision == TimePrecision::Time && hasOffset; }
};

// Parses YYYY[-MM[-DD[(T|t|space)hh:mm[:ss[(.|,)fraction]][Z|z|(+|-)hh[[:]mm]]]]].
// Calendar validity is checked (2023-02-29 fails, leap years pass); years 0001-9999,
// offsets up to +-18:00, no 24:00 and no leap second. A bare date followed by an offset
// is not accepted. Returns nullopt on any syntax or range error.
std::optional<IsoTime> parseIsoTime(QByteArrayView text);
std::optional<IsoTime> parseIsoTime(QStringView text);

// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
qint64 daysFromCivil(int year, int month, int day);

} // namespace vd::ingest
