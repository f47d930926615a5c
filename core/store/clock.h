#pragma once

#include <QDateTime>
#include <QTimeZone>

namespace vd {

// Where "now" comes from. Injected wherever time matters, so month ends, DST changes and
// midnight-crossing timers can be tested without waiting.
class Clock
{
public:
    virtual ~Clock();

    // Wall-clock instant, UTC.
    virtual QDateTime nowUtc() const = 0;
    // Milliseconds from an arbitrary origin that never jumps (NTP, DST, the user
    // changing the clock). Durations are measured with this, never with nowUtc().
    virtual qint64 monotonicMs() const = 0;

    qint64 nowUtcMs() const { return nowUtc().toMSecsSinceEpoch(); }
};

class SystemClock final : public Clock
{
public:
    SystemClock();
    QDateTime nowUtc() const override;
    qint64 monotonicMs() const override;

    static const SystemClock &instance();
};

} // namespace vd
