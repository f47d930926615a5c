#include "fakeclock.h"

namespace vd::test {

FakeClock::FakeClock(QDateTime nowUtc)
    : m_now(nowUtc.toUTC())
{}

} // namespace vd::test
