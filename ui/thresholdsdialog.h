#pragma once

#include <QDialog>
#include <QTimeZone>

#include "billing/clinicalalerts.h"
#include "store/records.h"

class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::ui {

// A patient's alert limits: the practice defaults for the patient's conditions until a
// practitioner sets others. Only a practitioner (MD DO NP PA CNS CNM) may save; anyone
// else sees the limits read-only. Saving appends (the history below the form).
class ThresholdsDialog : public QDialog
{
    Q_OBJECT

public:
    ThresholdsDialog(Database &db, const Clock &clock, StaffId user, PatientId patient,
                     QTimeZone zone, QWidget *parent = nullptr);

    bool canEdit() const { return m_canEdit; }
    billing::AlertThresholds limits() const; // as the form shows them
    void setLimits(const billing::AlertThresholds &limits);
    bool saved() const { return m_saved; }

public slots:
    void save();
    void useDefaults();

private:
    void load();
    void updateState();

    Database &m_db;
    const Clock &m_clock;
    StaffId m_user;
    PatientId m_patient;
    QTimeZone m_zone;
    bool m_canEdit = false;
    bool m_saved = false;
    billing::AlertThresholds m_defaults;

    QLabel *m_heading = nullptr;
    QLabel *m_source = nullptr;
    QDoubleSpinBox *m_systolic = nullptr;
    QDoubleSpinBox *m_diastolic = nullptr;
    QDoubleSpinBox *m_glucoseLow = nullptr;
    QDoubleSpinBox *m_glucoseVeryLow = nullptr;
    QDoubleSpinBox *m_glucoseHigh = nullptr;
    QDoubleSpinBox *m_spo2 = nullptr;
    QDoubleSpinBox *m_heartRateLow = nullptr;
    QDoubleSpinBox *m_heartRateHigh = nullptr;
    QSpinBox *m_days = nullptr;
    QLineEdit *m_note = nullptr;
    QLabel *m_error = nullptr;
    QLabel *m_historyLabel = nullptr;
    QTableWidget *m_history = nullptr;
    QPushButton *m_save = nullptr;
    QPushButton *m_defaultsButton = nullptr;
};

} // namespace vd::ui
