#include "rules/date.h"

namespace vd::rules {

namespace {

// Parses exactly `count` ASCII digits at text[pos...].
bool digits(std::string_view text, std::size_t pos, std::size_t count, int &value)
{
    if (pos + count > text.size())
        return false;
    int v = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    value = v;
    return true;
}

// Writes value as exactly `width` digits (zero-padded, truncated on the left).
void putDigits(char *at, int value, int width)
{
    unsigned v = value < 0 ? 0U : static_cast<unsigned>(value);
    for (int i = width - 1; i >= 0; --i) {
        at[i] = static_cast<char>('0' + v % 10);
        v /= 10;
    }
}

} // namespace

std::optional<Date> parseDate(std::string_view text)
{
    Date d;
    if (text.size() != 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    if (!digits(text, 0, 4, d.year) || !digits(text, 5, 2, d.month) || !digits(text, 8, 2, d.day))
        return std::nullopt;
    if (!d.isValid())
        return std::nullopt;
    return d;
}

std::optional<Date> parseYearMonth(std::string_view text)
{
    Date d;
    d.day = 1;
    if (text.size() != 7 || text[4] != '-')
        return std::nullopt;
    if (!digits(text, 0, 4, d.year) || !digits(text, 5, 2, d.month))
        return std::nullopt;
    if (!d.isValid())
        return std::nullopt;
    return d;
}

std::optional<LocalDateTime> parseDateTime(std::string_view text)
{
    if (text.size() != 16 && text.size() != 19)
        return std::nullopt;
    const std::optional<Date> date = parseDate(text.substr(0, 10));
    if (!date || text[10] != 'T' || text[13] != ':')
        return std::nullopt;
    int h = 0;
    int m = 0;
    int s = 0;
    if (!digits(text, 11, 2, h) || !digits(text, 14, 2, m))
        return std::nullopt;
    if (text.size() == 19 && (text[16] != ':' || !digits(text, 17, 2, s)))
        return std::nullopt;
    if (h > 23 || m > 59 || s > 59)
        return std::nullopt;
    return LocalDateTime{*date, h * 3600 + m * 60 + s};
}

void appendDate(std::string &out, Date date)
{
    char buf[10] = {0, 0, 0, 0, '-', 0, 0, '-', 0, 0};
    putDigits(buf, date.year, 4);
    putDigits(buf + 5, date.month, 2);
    putDigits(buf + 8, date.day, 2);
    out.append(buf, sizeof buf);
}

std::string toString(Date date)
{
    std::string out;
    out.reserve(10);
    appendDate(out, date);
    return out;
}

std::string toString(const LocalDateTime &moment)
{
    std::string out;
    out.reserve(19);
    appendDate(out, moment.date);
    char buf[9] = {'T', 0, 0, ':', 0, 0, ':', 0, 0};
    putDigits(buf + 1, moment.secondOfDay / 3600, 2);
    putDigits(buf + 4, moment.secondOfDay / 60 % 60, 2);
    putDigits(buf + 7, moment.secondOfDay % 60, 2);
    out.append(buf, sizeof buf);
    return out;
}

std::string toYearMonthString(int year, int month)
{
    char buf[7] = {0, 0, 0, 0, '-', 0, 0};
    putDigits(buf, year, 4);
    putDigits(buf + 5, month, 2);
    return std::string(buf, sizeof buf);
}

} // namespace vd::rules
