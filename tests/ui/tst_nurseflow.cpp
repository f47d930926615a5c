// The nurse's shift end to end, on the real main window: pick the patient who most needs
// time, read the charts, run the stopwatch while reviewing, log a connected call, watch the
// bar cross 20:00, and find the saved time on the worklist.

#include <QAbstractButton>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

#include "billing/stopwatch.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "tempdatabase.h"
#include "ui/calldialog.h"
#include "ui/mainwindow.h"
#include "ui/monthprogressbar.h"
#include "ui/patientview.h"
#include "ui/vitalschart.h"
#include "ui/worklistmodel.h"

using namespace Qt::Literals::StringLiterals;

class TestNurseFlow : public QObject
{
    Q_OBJECT

private slots:
    void shift();
};

void TestNurseFlow::shift()
{
    vd::test::FakeClock clock(QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc()));
    vd::test::TempDatabase temp;
    QVERIFY(temp.isValid());
    vd::test::PracticeBuilder practice(temp.db(), clock);
    const QDate start(2026, 1, 10);
    const auto done = practice.addEnrolledPatient(u"MRN-DONE"_s, u"Done"_s, start);
    const auto behind = practice.addEnrolledPatient(u"MRN-BEHIND"_s, u"Behind"_s, start);
    for (auto p : {done, behind})
        practice.addDailyReadings(p, QDate(2026, 3, 11), QDate(2026, 3, 20));
    practice.addTime(done, QDate(2026, 3, 2), QTime(9, 0), 1500);
    practice.addCall(done, QDate(2026, 3, 2), QTime(9, 0), 300);
    practice.addTime(behind, QDate(2026, 3, 3), QTime(9, 0), 14 * 60);

    const vd::StaffMember nurse{practice.nurse(), u"Rita Nurse"_s, u"RN"_s, {}, {}, true};
    vd::ui::MainWindow window(
        temp.db(), {u"Test Practice"_s, QTimeZone("America/New_York"), temp.path()}, clock, nurse);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // 1. The patient who most needs time is on top; Enter opens the record.
    auto *list = window.findChild<QTableView *>(u"worklistView"_s);
    QTRY_COMPARE(list->model()->rowCount(), 2);
    QCOMPARE(list->model()->index(0, vd::ui::WorklistModel::MrnColumn).data().toString(),
             u"MRN-BEHIND"_s);
    list->setFocus();
    list->setCurrentIndex(list->model()->index(0, 0));
    QTest::keyClick(list, Qt::Key_Return);
    QCOMPARE(window.patientView()->patientId(), behind);
    QVERIFY(window.patientView()->isVisible());

    // 2. The charts show the patient's readings.
    QTRY_VERIFY(window.patientView()->vitals()->readingCount() > 0);

    // 3. The stopwatch runs while the nurse reviews; the bar includes it.
    auto *bar = window.findChild<vd::ui::MonthProgressBar *>(u"monthProgressBar"_s);
    QVERIFY(bar);
    QCOMPARE(bar->secondsSoFar(), 14 * 60);
    QCOMPARE(bar->state(), vd::ui::MonthProgressBar::State::LiveCallNeeded);
    window.findChild<QPushButton *>(u"stopwatchStart"_s)->click();
    QVERIFY(window.stopwatch()->isRunning());
    clock.advanceSeconds(4 * 60);
    QTRY_COMPARE_WITH_TIMEOUT(bar->secondsSoFar(), 18 * 60, 3000);
    QVERIFY2(bar->statusText().contains(u"live call"_s), qPrintable(bar->statusText()));

    // 4. A connected call, timed by the running stopwatch: its minutes count once.
    QTimer::singleShot(0, [] {
        vd::ui::CallDialog *d = nullptr;
        QTRY_VERIFY((d = qobject_cast<vd::ui::CallDialog *>(QApplication::activeModalWidget())));
        QVERIFY(!d->addsTime());
        QCOMPARE(d->findChild<QSpinBox *>(u"callMinutes"_s)->value(), 4);
        QVERIFY(d->countsAsInteractive());
        d->findChild<QDialogButtonBox *>(u"callButtons"_s)->button(QDialogButtonBox::Save)->click();
    });
    window.findChild<QPushButton *>(u"logCallButton"_s)->click();
    QTRY_COMPARE_WITH_TIMEOUT(bar->state(), vd::ui::MonthProgressBar::State::InProgress, 3000);
    QCOMPARE(bar->secondsSoFar(), 18 * 60);

    // 5. The bar crosses 20:00.
    clock.advanceSeconds(150);
    QTRY_COMPARE_WITH_TIMEOUT(bar->state(), vd::ui::MonthProgressBar::State::Met, 3000);
    QCOMPARE(bar->secondsSoFar(), 20 * 60 + 30);
    QVERIFY2(bar->statusText().contains(u"99457 met"_s), qPrintable(bar->statusText()));

    // 6. Stop and save: the worklist shows the same figure.
    window.findChild<QPushButton *>(u"stopwatchStop"_s)->click();
    QTRY_VERIFY(!window.stopwatch()->isActive());
    window.showWorklist();
    const auto rowOf = [list](const QString &mrn) {
        for (int r = 0; r < list->model()->rowCount(); ++r)
            if (list->model()->index(r, vd::ui::WorklistModel::MrnColumn).data().toString() == mrn)
                return r;
        return -1;
    };
    const auto cell = [&](int column) {
        return list->model()->index(rowOf(u"MRN-BEHIND"_s), column).data().toString();
    };
    QTRY_COMPARE(cell(vd::ui::WorklistModel::MinutesColumn), u"20:30"_s);
    QCOMPARE(cell(vd::ui::WorklistModel::LiveCallColumn), u"Yes"_s);
    QVERIFY2(cell(vd::ui::WorklistModel::PlanColumn).startsWith(u"done"_s),
             qPrintable(cell(vd::ui::WorklistModel::PlanColumn)));
}

QTEST_MAIN(TestNurseFlow)
#include "tst_nurseflow.moc"
