#pragma once

#include <QPointer>
#include <QString>
#include <QWidget>

#include "billing/stopwatch.h"
#include "store/records.h"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::billing {
class MonthProgressTracker;
}

namespace vd::ui {

class IdleMonitor;
class MonthProgressBar;

// "12:34", "1:02:03" (minutes unbounded below an hour).
QString formatStopwatchTime(qint64 seconds);

// The stopwatch on the patient record: activity, note, elapsed time, start / pause /
// resume / stop / discard, and the live month progress bar (saved time plus the running
// stopwatch, from billing::MonthProgressTracker).
//
// The billing::Stopwatch is the signed-in staff member's one stopwatch, shared with the
// status bar (StopwatchStatus); this widget follows the patient that is open. Shortcuts:
// Ctrl+Shift+S start/stop, Ctrl+Shift+P pause/resume (window-wide while the widget is
// visible; add startStopAction() and pauseResumeAction() to a menu to have them on every
// screen). Controls have objectNames: stopwatchActivity, stopwatchNote, stopwatchElapsed,
// stopwatchStart, stopwatchPause, stopwatchResume, stopwatchStop, stopwatchDiscard,
// stopwatchInfo, monthProgressBar.
class StopwatchWidget : public QWidget
{
    Q_OBJECT

public:
    StopwatchWidget(billing::Stopwatch &stopwatch, Database &db, const Clock &clock,
                    QWidget *parent = nullptr);
    ~StopwatchWidget() override;

    // Follows another patient. When the stopwatch runs for a different patient, asks
    // whether to stop and save it first (objectName "switchPatientQuestion": buttons
    // "switchSave", "switchDiscard", "switchCancel"). Returns false when the user chose to
    // stay (or saving failed): the caller should not switch. Patient 0 (no patient open)
    // never asks; a running stopwatch keeps running.
    bool setPatient(PatientId patient);
    PatientId patient() const { return m_patient; }
    // When the stopwatch is active, asks whether to stop and save it (same question and
    // buttons as setPatient()), e.g. before signing out or closing the main window.
    // Returns true when no stopwatch is active any more.
    bool askToStop(const QString &why = {});

    // Asks whether idle time counts (objectName "idleQuestion": buttons "idleKeep",
    // "idleRemove") when the monitor reports no input while the stopwatch runs.
    void setIdleMonitor(IdleMonitor *monitor);

    QAction *startStopAction() const { return m_startStopAction; }
    QAction *pauseResumeAction() const { return m_pauseResumeAction; }
    MonthProgressBar *progressBar() const { return m_bar; }
    billing::MonthProgressTracker *tracker() const { return m_tracker; }
    // The activity chosen in the combo box ("data_review", "call", ...).
    QString selectedActivity() const;

public slots:
    // Reload the month's figures (after a contact or manual time was saved).
    void refreshProgress();
    void startOrStop();
    void pauseOrResume();
    void stop();
    void discard();

private:
    void start();
    void onStateChanged();
    void onTick(qint64 seconds);
    void onIdle(qint64 seconds);
    void updateControls();
    void updateProgress();
    void showError(const QString &message);
    bool runsForThisPatient() const;

    billing::Stopwatch &m_stopwatch;
    Database &m_db;
    const Clock &m_clock;
    PatientId m_patient = 0;
    billing::MonthProgressTracker *m_tracker = nullptr;
    QPointer<IdleMonitor> m_idle;
    bool m_askingIdle = false;

    QComboBox *m_activity = nullptr;
    QLineEdit *m_note = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_info = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_pause = nullptr;
    QPushButton *m_resume = nullptr;
    QPushButton *m_stop = nullptr;
    QPushButton *m_discard = nullptr;
    MonthProgressBar *m_bar = nullptr;
    QAction *m_startStopAction = nullptr;
    QAction *m_pauseResumeAction = nullptr;
};

} // namespace vd::ui
