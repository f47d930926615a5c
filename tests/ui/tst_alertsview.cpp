// View ▸ Alerts: the queue (severity, patient, alert, time in the practice zone), the
// acknowledgement with a required note, open/all filters, opening the record; the patient
// record's Alert limits dialog (practitioners only).

#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QtTest>

#include "billing/readingimport.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/alertrepository.h"
#include "store/auditlog.h"
#include "tempdatabase.h"
#include "ui/alertsview.h"
#include "ui/mainwindow.h"
#include "ui/patientview.h"
#include "ui/thresholdsdialog.h"

using namespace Qt::Literals::StringLiterals;
using M = vd::ui::AlertsModel;

namespace {

// Answers the next modal dialog from the event loop (retrying until it is up).
template<typename Dialog, typename Answer>
void answerModal(QObject *context, Answer answer, int attempts = 200)
{
    QTimer::singleShot(10, context, [context, answer, attempts] {
        if (auto *dialog = qobject_cast<Dialog *>(QApplication::activeModalWidget())) {
            answer(dialog);
            return;
        }
        if (attempts > 0)
            answerModal<Dialog>(context, answer, attempts - 1);
    });
}

} // namespace

class TestAlertsView : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void listsTheOpenAlerts();
    void acknowledgeRecordsWhoWhenAndNote();
    void anEmptyNoteKeepsTheAlertOpen();
    void activatingARowOpensThePatient();
    void mainWindowShowsTheQueue();

    void practitionerSetsAlertLimits();
    void nurseSeesLimitsReadOnly();
    void patientViewOpensTheDialogs();

private:
    void grab(QWidget *widget, const QString &name);

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    QTemporaryDir m_files;
    vd::PatientId m_adams = 0;
    vd::PatientId m_baker = 0;
    vd::StaffMember m_nurse;
    const QTimeZone m_zone{"America/New_York"};
};

void TestAlertsView::init()
{
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
    m_adams = m_practice->addEnrolledPatient(u"MRN-A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_baker = m_practice->addEnrolledPatient(u"MRN-B"_s, u"Baker"_s, QDate(2026, 1, 10));
    m_nurse = {m_practice->nurse(), u"Rita Nurse"_s, u"RN"_s, {}, {}, true};

    // A crisis for Adams at 08:00 New York time, a low heart rate for Baker; normal ones.
    const QString path = m_files.filePath(u"r.csv"_s);
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
            "MRN-A,SN-MRN-A,2026-03-19T08:00:00-04:00,bp,192,100,mm[Hg],device\n"
            "MRN-A,SN-MRN-A,2026-03-20T08:00:00-04:00,bp,128,80,mm[Hg],device\n"
            "MRN-B,SN-MRN-B,2026-03-20T07:30:00-04:00,heart_rate,44,,/min,device\n");
    f.close();
    auto summary =
        vd::billing::ReadingImporter(m_temp->db(), m_clock, m_practice->nurse()).run({path});
    QVERIFY2(summary, qPrintable(summary.error()));
    QCOMPARE(summary->alertsRaised, 2);
}

void TestAlertsView::cleanup()
{
    m_practice.reset();
    m_temp.reset();
}

void TestAlertsView::grab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("VITALDESK_SCREENSHOTS");
    if (!dir.isEmpty())
        widget->grab().save(dir + u'/' + name + u".png"_s);
}

void TestAlertsView::listsTheOpenAlerts()
{
    vd::ui::AlertsView view(m_temp->db(), m_clock, m_nurse, m_zone);
    QAbstractItemModelTester tester(view.model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.reload();
    QAbstractItemModel *model = view.view()->model(); // sorted: newest first
    QCOMPARE(model->rowCount(), 2);
    const auto text = [&](int row, int column) {
        return model->index(row, column).data().toString();
    };
    QCOMPARE(text(0, M::SeverityColumn), u"Warning"_s);
    QCOMPARE(text(0, M::PatientColumn), u"Baker, Test (MRN-B)"_s);
    QCOMPARE(text(0, M::AlertColumn), u"Heart rate low: heart rate 44 /min below 50"_s);
    QCOMPARE(text(0, M::TimeColumn), u"Fri Mar 20, 07:30"_s); // practice time
    QCOMPARE(text(0, M::StatusColumn), u"Open"_s);
    QCOMPARE(text(1, M::SeverityColumn), u"Critical"_s);
    QCOMPARE(text(1, M::AlertColumn),
             u"Blood pressure high: blood pressure 192/100 mm[Hg] above 180/120"_s);
    QCOMPARE(text(1, M::TimeColumn), u"Thu Mar 19, 08:00"_s);
    auto *heading = view.findChild<QLabel *>(u"alertsHeading"_s);
    QCOMPARE(heading->text(), u"Alerts — 2 open"_s);
    // Sorting by severity puts the open critical alert first.
    view.view()->sortByColumn(M::SeverityColumn, Qt::DescendingOrder);
    QCOMPARE(text(0, M::SeverityColumn), u"Critical"_s);
}

void TestAlertsView::acknowledgeRecordsWhoWhenAndNote()
{
    vd::ui::AlertsView view(m_temp->db(), m_clock, m_nurse, m_zone);
    view.resize(1200, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.reload();
    grab(&view, u"alerts-open"_s);
    auto *acknowledge = view.findChild<QPushButton *>(u"alertsAcknowledge"_s);
    QVERIFY(!acknowledge->isEnabled()); // nothing selected
    view.view()->selectRow(1);          // the crisis
    QVERIFY(acknowledge->isEnabled());

    m_clock.advanceSeconds(300);
    QSignalSpy changed(&view, &vd::ui::AlertsView::alertsChanged);
    QString prompt;
    answerModal<QInputDialog>(this, [&prompt](QInputDialog *d) {
        prompt = d->labelText();
        d->setTextValue(u"called the patient, repeat 150/92; told to take evening dose"_s);
        d->accept();
    });
    QTest::mouseClick(acknowledge, Qt::LeftButton);
    QVERIFY2(prompt.contains(u"Adams, Test"_s), qPrintable(prompt));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(view.view()->model()->rowCount(), 1); // only Baker's is open
    QCOMPARE(view.findChild<QLabel *>(u"alertsHeading"_s)->text(), u"Alerts — 1 open"_s);

    QTest::mouseClick(view.findChild<QToolButton *>(u"alertsFilterAll"_s), Qt::LeftButton);
    QVERIFY(!view.showsOpenOnly());
    QAbstractItemModel *model = view.view()->model();
    QCOMPARE(model->rowCount(), 2);
    const QString status = model->index(1, M::StatusColumn).data().toString();
    QCOMPARE(status, u"Acknowledged by Rita Nurse, RN, Fri Mar 20, 11:05: called the patient, "
                     "repeat 150/92; told to take evening dose"_s);
    grab(&view, u"alerts-all"_s);

    vd::AlertFilter all;
    all.openOnly = false;
    all.patient = m_adams;
    auto stored = vd::AlertRepository(m_temp->connection(), m_clock).list(all);
    QVERIFY(stored);
    QCOMPARE(stored->front().acknowledgedBy, m_practice->nurse());
    QCOMPARE(stored->front().acknowledgedAtMs, m_clock.nowUtcMs());
    QVERIFY(vd::AuditLog(m_temp->connection(), m_clock).verify());
}

void TestAlertsView::anEmptyNoteKeepsTheAlertOpen()
{
    vd::ui::AlertsView view(m_temp->db(), m_clock, m_nurse, m_zone);
    view.show();
    view.reload();
    view.view()->selectRow(0);
    answerModal<QInputDialog>(this, [this](QInputDialog *d) {
        d->setTextValue(u"   "_s);
        d->accept();
        answerModal<QMessageBox>(this, [](QMessageBox *box) { box->accept(); });
    });
    QTest::mouseClick(view.findChild<QPushButton *>(u"alertsAcknowledge"_s), Qt::LeftButton);
    QCOMPARE(view.view()->model()->rowCount(), 2);

    answerModal<QInputDialog>(this, [](QInputDialog *d) { d->reject(); });
    QTest::mouseClick(view.findChild<QPushButton *>(u"alertsAcknowledge"_s), Qt::LeftButton);
    QCOMPARE(view.view()->model()->rowCount(), 2);
}

void TestAlertsView::activatingARowOpensThePatient()
{
    vd::ui::AlertsView view(m_temp->db(), m_clock, m_nurse, m_zone);
    view.show();
    view.reload();
    QSignalSpy requested(&view, &vd::ui::AlertsView::patientRequested);
    emit view.view()->activated(view.view()->model()->index(1, 0));
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toLongLong(), m_adams);
}

void TestAlertsView::mainWindowShowsTheQueue()
{
    vd::ui::MainWindow window(m_temp->db(), {u"Test Practice"_s, m_zone, m_temp->path()}, m_clock,
                              m_nurse);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTest::keyClick(&window, Qt::Key_2, Qt::ControlModifier);
    auto *stack = window.findChild<QStackedWidget *>();
    QCOMPARE(stack->currentWidget(), window.alertsView());
    // The start-up upkeep adds nothing here but may run: wait for it to settle.
    QTRY_COMPARE(window.alertsView()->view()->model()->rowCount(), 2);
    grab(&window, u"mainwindow-alerts"_s);
    window.alertsView()->view()->selectRow(1);
    QTest::mouseClick(window.alertsView()->findChild<QPushButton *>(u"alertsOpenPatient"_s),
                      Qt::LeftButton);
    QCOMPARE(stack->currentWidget(), window.patientView());
    QCOMPARE(window.patientView()->patientId(), m_adams);
}

void TestAlertsView::practitionerSetsAlertLimits()
{
    vd::ui::ThresholdsDialog dialog(m_temp->db(), m_clock, m_practice->physician(), m_adams,
                                    m_zone);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(dialog.canEdit());
    auto *systolic = dialog.findChild<QDoubleSpinBox *>(u"limitSystolic"_s);
    QCOMPARE(systolic->value(), 180.0); // the defaults until someone sets limits
    QVERIFY(dialog.findChild<QLabel *>(u"limitsSource"_s)->text().contains(u"defaults"_s));
    systolic->setValue(160);
    dialog.findChild<QDoubleSpinBox *>(u"limitDiastolic"_s)->setValue(100);
    auto *save = dialog.findChild<QPushButton *>(u"limitsSave"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(dialog.isVisible()); // a reason is required
    QVERIFY(dialog.findChild<QLabel *>(u"limitsError"_s)->isVisible());
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"limitsNote"_s), u"after stroke"_s);
    grab(&dialog, u"limits-edit"_s);
    QTest::mouseClick(save, Qt::LeftButton);
    QVERIFY(dialog.saved());
    QVERIFY(!dialog.isVisible());

    auto limits = vd::billing::thresholdsFor(m_temp->db(), m_clock, m_adams);
    QVERIFY(limits);
    QCOMPARE(limits->systolicHigh, 160.0);
    QCOMPARE(limits->diastolicHigh, 100.0);

    // Shown again with its history; "Use defaults" puts the protocol's values back.
    vd::ui::ThresholdsDialog again(m_temp->db(), m_clock, m_practice->physician(), m_adams, m_zone);
    QCOMPARE(again.findChild<QDoubleSpinBox *>(u"limitSystolic"_s)->value(), 160.0);
    QVERIFY(again.findChild<QLabel *>(u"limitsSource"_s)->text().contains(u"Dr Paul Physician"_s));
    auto *history = again.findChild<QTableWidget *>(u"limitsHistory"_s);
    QCOMPARE(history->rowCount(), 1);
    QCOMPARE(history->item(0, 7)->text(), u"after stroke"_s);
    QTest::mouseClick(again.findChild<QPushButton *>(u"limitsDefaults"_s), Qt::LeftButton);
    QCOMPARE(again.limits().systolicHigh, 180.0);
}

void TestAlertsView::nurseSeesLimitsReadOnly()
{
    vd::ui::ThresholdsDialog dialog(m_temp->db(), m_clock, m_practice->nurse(), m_adams, m_zone);
    dialog.show();
    QVERIFY(!dialog.canEdit());
    QVERIFY(!dialog.findChild<QPushButton *>(u"limitsSave"_s)->isVisible());
    QVERIFY(dialog.findChild<QDoubleSpinBox *>(u"limitSystolic"_s)->isReadOnly());
    QVERIFY(
        dialog.findChild<QLabel *>(u"limitsSource"_s)->text().contains(u"Only a practitioner"_s));
    grab(&dialog, u"limits-readonly"_s);
    dialog.save(); // refused without a word: nothing stored
    QVERIFY(vd::AlertRepository(m_temp->connection(), m_clock).thresholdHistory(m_adams)->empty());
}

void TestAlertsView::patientViewOpensTheDialogs()
{
    vd::ui::PatientView view(m_temp->db(), m_clock, m_practice->physician(), m_zone);
    view.resize(1366, 700);
    view.show();
    view.openPatient(m_adams);
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    grab(&view, u"patientview-header"_s);
    bool devices = false;
    answerModal<QDialog>(this, [&devices](QDialog *d) {
        devices = d->objectName() == u"devicesDialog"_s;
        d->reject();
    });
    QTest::mouseClick(view.findChild<QPushButton *>(u"patientDevicesButton"_s), Qt::LeftButton);
    QVERIFY(devices);
    bool limits = false;
    answerModal<QDialog>(this, [&limits](QDialog *d) {
        limits = d->objectName() == u"thresholdsDialog"_s;
        d->reject();
    });
    QTest::mouseClick(view.findChild<QPushButton *>(u"patientLimitsButton"_s), Qt::LeftButton);
    QVERIFY(limits);
}

QTEST_MAIN(TestAlertsView)
#include "tst_alertsview.moc"
