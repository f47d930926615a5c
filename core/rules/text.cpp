#include "text_p.h"

namespace vd::rules::detail {

std::string_view monthName(int month)
{
    static constexpr std::string_view names[12] = {"January",   "February", "March",    "April",
                                                   "May",       "June",     "July",     "August",
                                                   "September", "October",  "November", "December"};
    return month >= 1 && month <= 12 ? names[month - 1] : std::string_view("the month");
}

Text &Text::operator<<(Duration d)
{
    const std::int64_t s = d.seconds < 0 ? 0 : d.seconds;
    *this << s / 60 << ':';
    const int rest = static_cast<int>(s % 60);
    m_s.push_back(static_cast<char>('0' + rest / 10));
    m_s.push_back(static_cast<char>('0' + rest % 10));
    return *this;
}

} // namespace vd::rules::detail
