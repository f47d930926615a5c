#pragma once

#include <QDateTime>
#include <QDialog>
#include <QTimeZone>

#include "store/records.h"

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;

namespace vd::ui {

// Records a contact with the patient or a caregiver and says, as it is filled in, whether
// it satisfies the interactive-communication requirement (connected phone or video).
class CallDialog : public QDialog
{
    Q_OBJECT

public:
    // stopwatchSeconds >= 0: a stopwatch is running on this patient; its time already
    // counts, so the call adds no minutes of its own and its duration is prefilled.
    CallDialog(QTimeZone zone, QDateTime nowUtc, int stopwatchSeconds, QWidget *parent = nullptr);

    // The contact as entered (patient and staff ids are the caller's to fill in).
    Contact contact() const;
    // Whether the call's minutes should be stored as a time entry.
    bool addsTime() const;
    bool countsAsInteractive() const;
    QString verdict() const;

private:
    void updateVerdict();
    void followDuration();
    QDateTime wallClock(const QDateTime &utc) const;

    QTimeZone m_zone;
    QDateTime m_nowUtc;
    bool m_stopwatchRunning = false;
    bool m_startEdited = false; // until the user sets the start, it is now minus duration
    QComboBox *m_mode = nullptr;
    QComboBox *m_with = nullptr;
    QCheckBox *m_connected = nullptr;
    QDateTimeEdit *m_start = nullptr;
    QSpinBox *m_minutes = nullptr;
    QSpinBox *m_seconds = nullptr;
    QPlainTextEdit *m_summary = nullptr;
    QPlainTextEdit *m_changes = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_timeNote = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace vd::ui
