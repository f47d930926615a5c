#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Civil calendar dates and local date-times for the rules engine. Standard C++ only.
// Everything is practice-local: there are no time zones here (core/store maps UTC
// instants to local dates before facts reach the rules).
namespace vd::rules {

constexpr bool isLeapYear(int year) noexcept
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// Number of days of a month, 0 when month is not 1..12.
constexpr int daysInMonth(int year, int month) noexcept
{
    constexpr int table[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && isLeapYear(year) ? 29 : table[month - 1];
}

// A proleptic Gregorian calendar date, years 1..9999. Default-constructed is invalid.
struct Date
{
    int year = 0;
    int month = 0;
    int day = 0;

    constexpr bool isValid() const noexcept
    {
        return year >= 1 && year <= 9999 && month >= 1 && month <= 12 && day >= 1 &&
               (day <= 28 || day <= daysInMonth(year, month));
    }

    // Days since 1970-01-01 (negative before). Meaningful for valid dates only.
    constexpr std::int32_t toDays() const noexcept
    {
        // H. Hinnant's days_from_civil.
        const unsigned m = static_cast<unsigned>(month);
        const int y = year - (m <= 2 ? 1 : 0);
        const int era = (y >= 0 ? y : y - 399) / 400;
        const unsigned yoe = static_cast<unsigned>(y - era * 400);
        const unsigned doy =
            (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + static_cast<unsigned>(day) - 1;
        const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + static_cast<std::int32_t>(doe) - 719468;
    }

    static constexpr Date fromDays(std::int32_t days) noexcept
    {
        const std::int32_t z = days + 719468;
        const std::int32_t era = (z >= 0 ? z : z - 146096) / 146097;
        const std::int32_t doe = z - era * 146097;
        const std::int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        const std::int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        const std::int32_t mp = (5 * doy + 2) / 153;
        const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
        const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
        const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
        return Date{y, m, d};
    }

    constexpr Date addDays(std::int32_t n) const noexcept { return fromDays(toDays() + n); }
    // other - *this, in days.
    constexpr std::int32_t daysTo(Date other) const noexcept { return other.toDays() - toDays(); }
    constexpr Date firstOfMonth() const noexcept { return Date{year, month, 1}; }
    constexpr Date lastOfMonth() const noexcept
    {
        return Date{year, month, daysInMonth(year, month)};
    }

    friend constexpr bool operator==(const Date &, const Date &) = default;
    friend constexpr auto operator<=>(const Date &, const Date &) = default;
};

// A wall-clock moment in the practice's time zone, without offset.
struct LocalDateTime
{
    Date date;
    int secondOfDay = 0; // 0..86399

    constexpr bool isValid() const noexcept
    {
        return date.isValid() && secondOfDay >= 0 && secondOfDay < 86400;
    }
    // Seconds since 1970-01-01T00:00:00 on the local wall clock (no DST adjustment).
    constexpr std::int64_t toSeconds() const noexcept
    {
        return std::int64_t(date.toDays()) * 86400 + secondOfDay;
    }
    static constexpr LocalDateTime fromSeconds(std::int64_t s) noexcept
    {
        std::int64_t days = s / 86400;
        std::int64_t rest = s % 86400;
        if (rest < 0) {
            rest += 86400;
            --days;
        }
        return LocalDateTime{Date::fromDays(static_cast<std::int32_t>(days)),
                             static_cast<int>(rest)};
    }

    friend constexpr bool operator==(const LocalDateTime &, const LocalDateTime &) = default;
    friend constexpr auto operator<=>(const LocalDateTime &, const LocalDateTime &) = default;
};

// "YYYY-MM-DD" exactly; nullopt for anything else or an impossible date (2026-02-30).
std::optional<Date> parseDate(std::string_view text);
// "YYYY-MM" -> the first day of that month.
std::optional<Date> parseYearMonth(std::string_view text);
// "YYYY-MM-DDThh:mm:ss" or "YYYY-MM-DDThh:mm"; no offset, no fraction.
std::optional<LocalDateTime> parseDateTime(std::string_view text);

std::string toString(Date date);                    // "YYYY-MM-DD"
std::string toString(const LocalDateTime &moment);  // "YYYY-MM-DDThh:mm:ss"
std::string toYearMonthString(int year, int month); // "YYYY-MM"

// Appends without allocating more than the growth of out.
void appendDate(std::string &out, Date date);

} // namespace vd::rules
