#pragma once

#include "store/clock.h"

namespace vd::test {

// A clock that only moves when told to. Wall clock and monotonic clock advance together
// unless a test moves the wall clock alone (as NTP or a DST-naive user would).
class FakeClock final : public Clock
{
public:
    explicit FakeClock(QDateTime nowUtc = QDateTime(QDate(2026, 3, 14), QTime(15, 0),
                                                    QTimeZone::utc()));

    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return m_monotonicMs; }

    void setNowUtc(const QDateTime &now) { m_now = now.toUTC(); }
    void advanceSeconds(qint64 seconds) { advanceMs(seconds * 1000); }
    void advanceMs(qint64 ms)
    {
        m_now = m_now.addMSecs(ms);
        m_monotonicMs += ms;
    }

private:
    QDateTime m_now;
    qint64 m_monotonicMs = 1'000'000;
};

} // namespace vd::test
