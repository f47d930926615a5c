#pragma once

#include <QMainWindow>
#include <QTimeZone>

#include "store/records.h"

class QButtonGroup;
class QLabel;
class QLineEdit;
class QStackedWidget;
class QTableView;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::billing {
class Stopwatch;
}

namespace vd::ui {

class AlertsView;
class PatientView;
class StopwatchWidget;
class WorklistFilterProxy;
class WorklistLoader;
class WorklistModel;

struct PracticeInfo
{
    QString name;
    QTimeZone timeZone;
    QString databasePath;
};

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    // db: the UI thread's connection; user: the staff member working at this workstation,
    // the acting user of every write made here.
    MainWindow(Database &db, PracticeInfo practice, const Clock &clock, StaffMember user,
               QWidget *parent = nullptr);
    ~MainWindow() override;

    WorklistModel *worklistModel() const { return m_model; }
    QTableView *worklistView() const { return m_view; }
    PatientView *patientView() const { return m_patientView; }
    billing::Stopwatch *stopwatch() const { return m_stopwatch; }
    StopwatchWidget *stopwatchWidget() const { return m_stopwatchWidget; }
    AlertsView *alertsView() const { return m_alertsView; }

public slots:
    void refresh();
    void showAbout();
    void openPatient(vd::PatientId patient);
    void showWorklist();
    void showAlerts();
    void importReadings();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    QWidget *buildWorklistPage();
    void buildStopwatch();
    void buildMenus();
    void onLoaded(QDate today);
    void updateCount();
    void openSelectedPatient();
    void runAlertUpkeep();

    Database &m_db;
    PracticeInfo m_practice;
    const Clock &m_clock;
    StaffMember m_user;
    QStackedWidget *m_stack = nullptr;
    PatientView *m_patientView = nullptr;
    billing::Stopwatch *m_stopwatch = nullptr;
    StopwatchWidget *m_stopwatchWidget = nullptr;
    QButtonGroup *m_filters = nullptr;
    WorklistModel *m_model = nullptr;
    WorklistFilterProxy *m_proxy = nullptr;
    WorklistLoader *m_loader = nullptr;
    QTableView *m_view = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_heading = nullptr;
    QLabel *m_count = nullptr;
    AlertsView *m_alertsView = nullptr;
};

} // namespace vd::ui
