#pragma once

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>

#include "billing/monthprogress.h"

namespace vd::ui {

// The patient's month toward 99457 as a bar: saved time solid, the running stopwatch
// lighter, marks at the rule year's thresholds (10 min 99470 from CY2026, 20 min 99457,
// 40 and 60 min 99458) and the rules' status line ("14:32 of 20:00 — live call still
// needed", "99457 met — 5:28 to 99458"). A pure view: the figures come from
// billing::MonthProgressTracker, the same path as the monthly report.
class MonthProgressBar : public QWidget
{
    Q_OBJECT

public:
    enum class State
    {
        Unavailable,    // no figures (no patient, not enrolled this month)
        Blocked,        // nothing billable (consent, established patient, RTM, provider)
        LiveCallNeeded, // amber
        InProgress,     // blue
        Met             // green: 99457 earned
    };
    Q_ENUM(State)

    explicit MonthProgressBar(QWidget *parent = nullptr);

    void setProgress(const billing::LiveMonthProgress &progress);

    State state() const { return m_state; }
    QString statusText() const { return m_status; }
    qint64 secondsSoFar() const { return m_seconds; }
    qint64 runningSeconds() const { return m_running; }
    qint64 maximumSeconds() const { return m_maximum; }
    QList<qint64> markSeconds() const;
    QColor fillColor() const { return colorFor(m_state); }
    static QColor colorFor(State state);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void stateChanged(vd::ui::MonthProgressBar::State state);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Mark
    {
        qint64 seconds = 0;
        QString code;
    };

    State m_state = State::Unavailable;
    QString m_status;
    qint64 m_seconds = 0;
    qint64 m_running = 0;
    qint64 m_maximum = 3600;
    QList<Mark> m_marks;
};

} // namespace vd::ui
