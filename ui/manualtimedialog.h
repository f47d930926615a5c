#pragma once

#include <QDateTime>
#include <QDialog>
#include <QTimeZone>

#include "store/records.h"

class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;
class QTimeEdit;

namespace vd::ui {

// Time worked away from VitalDesk, or a correction of an existing entry (an amendment:
// the original stays, with who, when and why).
class ManualTimeDialog : public QDialog
{
    Q_OBJECT

public:
    // original: the entry being corrected, or nullptr for new manual time.
    ManualTimeDialog(QTimeZone zone, QDateTime nowUtc, const TimeEntry *original,
                     QWidget *parent = nullptr);

    TimeEntry entry() const; // patient and staff ids are the caller's to fill in
    QString amendmentReason() const;
    // Empty when the input is acceptable; otherwise what is wrong and where.
    QString validationError() const;

private:
    void updateState();

    QTimeZone m_zone;
    QDateTime m_nowUtc;
    bool m_amending = false;
    TimeEntry m_original;
    QDateEdit *m_date = nullptr;
    QTimeEdit *m_start = nullptr;
    QSpinBox *m_minutes = nullptr;
    QSpinBox *m_seconds = nullptr;
    QComboBox *m_activity = nullptr;
    QComboBox *m_program = nullptr;
    QLineEdit *m_reason = nullptr;
    QPlainTextEdit *m_note = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace vd::ui
