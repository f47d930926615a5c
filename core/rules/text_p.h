#pragma once

// Internal: cheap string building for reasons (no iostreams, no locale).

#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

#include "rules/date.h"

namespace vd::rules::detail {

struct Duration
{
    std::int64_t seconds;
};

struct DateRange
{
    Date first;
    Date last;
};

std::string_view monthName(int month);

class Text
{
public:
    Text() { m_s.reserve(96); }

    Text &operator<<(std::string_view s)
    {
        m_s.append(s);
        return *this;
    }
    Text &operator<<(const char *s) { return *this << std::string_view(s); }
    Text &operator<<(const std::string &s) { return *this << std::string_view(s); }
    Text &operator<<(char c)
    {
        m_s.push_back(c);
        return *this;
    }
    Text &operator<<(std::int64_t v)
    {
        char buf[24];
        const auto r = std::to_chars(buf, buf + sizeof buf, v);
        m_s.append(buf, r.ptr);
        return *this;
    }
    Text &operator<<(int v) { return *this << static_cast<std::int64_t>(v); }
    Text &operator<<(Duration d);
    Text &operator<<(Date d)
    {
        appendDate(m_s, d);
        return *this;
    }
    Text &operator<<(DateRange r)
    {
        appendDate(m_s, r.first);
        m_s.append("..");
        appendDate(m_s, r.last);
        return *this;
    }

    std::string take() { return std::move(m_s); }
    const std::string &str() const { return m_s; }

private:
    std::string m_s;
};

} // namespace vd::rules::detail
