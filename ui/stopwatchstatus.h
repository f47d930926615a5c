#pragma once

#include <QWidget>

#include "store/records.h"

class QLabel;
class QToolButton;

namespace vd::billing {
class Stopwatch;
}

namespace vd::ui {

// The running stopwatch in the status bar, visible from every screen: elapsed time, the
// patient's MRN and initials (no full name over the shoulder), a pause/resume button.
// Hidden while the stopwatch is idle. Clicking the text asks to open the patient.
// objectNames: stopwatchStatus, stopwatchStatusLabel, stopwatchStatusPause.
class StopwatchStatus : public QWidget
{
    Q_OBJECT

public:
    explicit StopwatchStatus(billing::Stopwatch &stopwatch, QWidget *parent = nullptr);

    QString text() const;

signals:
    void openPatientRequested(vd::PatientId patient);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    void refresh();

    billing::Stopwatch &m_stopwatch;
    QLabel *m_label = nullptr;
    QToolButton *m_pause = nullptr;
};

} // namespace vd::ui
