#include "idlemonitor.h"

#include <algorithm>

#include <QCoreApplication>
#include <QEvent>

#include "store/clock.h"

namespace vd::ui {

IdleMonitor::IdleMonitor(const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_lastInputMs(clock.monotonicMs())
{
    setObjectName(QStringLiteral("idleMonitor"));
    if (QCoreApplication *app = QCoreApplication::instance())
        app->installEventFilter(this);
    m_timer.setInterval(1000);
    connect(&m_timer, &QTimer::timeout, this, &IdleMonitor::check);
}

IdleMonitor::~IdleMonitor()
{
    if (QCoreApplication *app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

void IdleMonitor::setThresholdSeconds(int seconds)
{
    m_thresholdSeconds = std::max(1, seconds);
}

void IdleMonitor::setEnabled(bool enabled)
{
    if (enabled == m_enabled)
        return;
    m_enabled = enabled;
    if (enabled) {
        noteInput();
        m_timer.start();
    } else {
        m_timer.stop();
    }
}

qint64 IdleMonitor::idleSeconds() const
{
    return std::max<qint64>(0, m_clock.monotonicMs() - m_lastInputMs) / 1000;
}

void IdleMonitor::noteInput()
{
    m_lastInputMs = m_clock.monotonicMs();
    m_reported = false;
}

void IdleMonitor::check()
{
    if (!m_enabled || m_reported)
        return;
    const qint64 idle = idleSeconds();
    if (idle >= m_thresholdSeconds) {
        m_reported = true;
        emit idleFor(idle);
    }
}

bool IdleMonitor::eventFilter(QObject *watched, QEvent *event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TabletPress:
        noteInput();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace vd::ui
