#pragma once

#include <QObject>
#include <QTimer>

namespace vd {
class Clock;
}

namespace vd::ui {

// Notices when nobody has touched the keyboard or mouse for a while. An application-wide
// event filter stamps the last input with the injected Clock's monotonic time; while
// enabled (a stopwatch runs) idleFor() is emitted once per idle stretch, when it reaches
// the threshold (default 5 minutes). One per application.
class IdleMonitor : public QObject
{
    Q_OBJECT

public:
    explicit IdleMonitor(const Clock &clock, QObject *parent = nullptr);
    ~IdleMonitor() override;

    int thresholdSeconds() const { return m_thresholdSeconds; }
    void setThresholdSeconds(int seconds);
    void setCheckIntervalMs(int ms) { m_timer.setInterval(ms); }
    bool isEnabled() const { return m_enabled; }
    // Enabling starts a fresh idle stretch.
    void setEnabled(bool enabled);

    qint64 lastInputMs() const { return m_lastInputMs; } // Clock::monotonicMs()
    qint64 idleSeconds() const;

public slots:
    void noteInput();
    void check();

signals:
    void idleFor(qint64 seconds);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    const Clock &m_clock;
    QTimer m_timer;
    int m_thresholdSeconds = 5 * 60;
    bool m_enabled = false;
    bool m_reported = false;
    qint64 m_lastInputMs = 0;
};

} // namespace vd::ui
