#include "ingest/isotime.h"

#include <array>

#include "ingest/guard_p.h"

namespace vd::ingest {

namespace {

class Cursor
{
public:
    explicit Cursor(QByteArrayView text)
        : m_text(text)
    {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void advance() { ++m_pos; }
    bool accept(char c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }
    // Exactly `count` ASCII digits.
    bool digits(int count, int &out)
    {
        int v = 0;
        for (int i = 0; i < count; ++i) {
            const char c = peek();
            if (c < '0' || c > '9')
                return false;
            v = v * 10 + (c - '0');
            advance();
        }
        out = v;
        return true;
    }
    bool isDigit() const { return peek() >= '0' && peek() <= '9'; }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

bool isLeapYear(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m)
{
    static constexpr std::array<int, 12> days{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && isLeapYear(y)) ? 29 : days[static_cast<std::size_t>(m - 1)];
}

} // namespace

qint64 daysFromCivil(int year, int month, int day)
{
    // Howard Hinnant's days_from_civil.
    const qint64 y = qint64(year) - (month <= 2 ? 1 : 0);
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 mp = (month + 9) % 12;
    const qint64 doy = (153 * mp + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

std::optional<IsoTime> parseIsoTime(QByteArrayView text)
{
    Cursor c(text);
    IsoTime t;
    if (!c.digits(4, t.year) || t.year < 1)
        return std::nullopt;
    t.precision = TimePrecision::Year;
    if (c.accept('-')) {
        if (!c.digits(2, t.month) || t.month < 1 || t.month > 12)
            return std::nullopt;
        t.precision = TimePrecision::Month;
        if (c.accept('-')) {
            if (!c.digits(2, t.day) || t.day < 1 || t.day > daysInMonth(t.year, t.month))
                return std::nullopt;
            t.precision = TimePrecision::Day;
            const char sep = c.peek();
            if (sep == 'T' || sep == 't' || sep == ' ') {
                c.advance();
                if (!c.digits(2, t.hour) || t.hour > 23 || !c.accept(':') ||
                    !c.digits(2, t.minute) || t.minute > 59) {
                    return std::nullopt;
                }
                if (c.accept(':')) {
                    if (!c.digits(2, t.second) || t.second > 59)
                        return std::nullopt;
                    if (c.peek() == '.' || c.peek() == ',') {
                        c.advance();
                        if (!c.isDigit())
                            return std::nullopt;
                        int scale = 100;
                        while (c.isDigit()) {
                            t.millisecond += (c.peek() - '0') * scale;
                            scale /= 10;
                            c.advance();
                        }
                    }
                }
                t.precision = TimePrecision::Time;
                if (c.accept('Z') || c.accept('z')) {
                    t.hasOffset = true;
                } else if (c.peek() == '+' || c.peek() == '-') {
                    const int sign = c.peek() == '-' ? -1 : 1;
                    c.advance();
                    int oh = 0;
                    int om = 0;
                    if (!c.digits(2, oh))
                        return std::nullopt;
                    if (c.accept(':')) {
                        if (!c.digits(2, om))
                            return std::nullopt;
                    } else if (c.isDigit()) {
                        if (!c.digits(2, om))
                            return std::nullopt;
                    }
                    if (om > 59 || oh * 60 + om > 18 * 60)
                        return std::nullopt;
                    t.hasOffset = true;
                    t.offsetSeconds = sign * (oh * 3600 + om * 60);
                }
            }
        }
    }
    if (!c.atEnd())
        return std::nullopt;
    if (t.isInstant()) {
        const qint64 days = daysFromCivil(t.year, t.month, t.day);
        const qint64 secs =
            days * 86400 + t.hour * 3600 + t.minute * 60 + t.second - t.offsetSeconds;
        t.msecsSinceEpoch = secs * 1000 + t.millisecond;
    }
    return t;
}

std::optional<IsoTime> parseIsoTime(QStringView text)
{
    // Anything outside ASCII cannot be part of a valid date-time.
    if (text.size() > 64)
        return std::nullopt;
    std::array<char, 64> buf{};
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t ch = text[i].unicode();
        if (ch > 0x7f)
            return std::nullopt;
        buf[static_cast<std::size_t>(i)] = static_cast<char>(ch);
    }
    return parseIsoTime(QByteArrayView(buf.data(), text.size()));
}

} // namespace vd::ingest
