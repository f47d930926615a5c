#pragma once

#include <QTimeZone>
#include <QWidget>

#include "billing/patientsummary.h"
#include "store/records.h"

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QVBoxLayout;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::ui {

class TimeLogModel;
class VitalsChart;

// The patient record: header, enrolment and devices, this month's standing with the
// rules' reasons, vitals and the time and contact log.
class PatientView : public QWidget
{
    Q_OBJECT

public:
    PatientView(Database &db, const Clock &clock, StaffId user, QTimeZone zone,
                QWidget *parent = nullptr);

    PatientId patientId() const { return m_patient; }
    const billing::PatientSummary &summary() const { return m_summary; }
    void openPatient(PatientId patient);
    void reload();

    // Slot for the month panel's live widgets (stopwatch, progress bar), supplied by the
    // main window.
    QVBoxLayout *monthPanelLayout() const { return m_monthLayout; }
    QTabWidget *tabs() const { return m_tabs; }
    VitalsChart *vitals() const { return m_vitals; }

public slots:
    void logCall();
    void addManualTime();
    void correctSelectedEntry();
    void deleteSelectedEntry();
    void manageDevices();
    void editAlertLimits();

signals:
    void backRequested();
    // Something was recorded for the patient: the worklist and progress must refresh.
    void recordsChanged(vd::PatientId patient);
    // Seconds of a stopwatch running on this patient, or -1; asked when logging a call.
    void stopwatchSecondsRequested(int *seconds);

private:
    void showSummary();
    void loadTimeLog();
    void updateButtons();
    void showError(const QString &message);

    Database &m_db;
    const Clock &m_clock;
    StaffId m_user = 0;
    QTimeZone m_zone;
    PatientId m_patient = 0;
    billing::PatientSummary m_summary;

    QLabel *m_name = nullptr;
    QLabel *m_demographics = nullptr;
    QLabel *m_enrolment = nullptr;
    QLabel *m_devices = nullptr;
    QLabel *m_month = nullptr;
    QLabel *m_reasons = nullptr;
    QVBoxLayout *m_monthLayout = nullptr;
    QTabWidget *m_tabs = nullptr;
    VitalsChart *m_vitals = nullptr;
    TimeLogModel *m_timeLog = nullptr;
    QTableView *m_timeView = nullptr;
    QPushButton *m_correct = nullptr;
    QPushButton *m_delete = nullptr;
};

} // namespace vd::ui
