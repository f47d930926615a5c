#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

#include "fakeclock.h"
#include "practicebuilder.h"
#include "tempdatabase.h"
#include "ui/mainwindow.h"
#include "ui/worklistmodel.h"

using namespace Qt::Literals::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void showsTheWorklistAndFilters();
};

void TestMainWindow::showsTheWorklistAndFilters()
{
    vd::test::FakeClock clock(QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc()));
    vd::test::TempDatabase temp;
    QVERIFY(temp.isValid());
    vd::test::PracticeBuilder practice(temp.db(), clock);
    practice.addEnrolledPatient(u"MRN-A"_s, u"Adams"_s, QDate(2026, 1, 10));
    practice.addEnrolledPatient(u"MRN-B"_s, u"Baker"_s, QDate(2026, 1, 10));
    practice.addEnrolledPatient(u"MRN-C"_s, u"Clark"_s, QDate(2026, 2, 1));

    const vd::StaffMember nurse{practice.nurse(), u"Rita Nurse"_s, u"RN"_s, {}, {}, true};
    vd::ui::MainWindow window(
        temp.db(), {u"Test Practice"_s, QTimeZone("America/New_York"), temp.path()}, clock, nurse);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    auto *view = window.findChild<QTableView *>(u"worklistView"_s);
    auto *search = window.findChild<QLineEdit *>(u"worklistSearch"_s);
    auto *count = window.findChild<QLabel *>(u"worklistCount"_s);
    QVERIFY(view && search && count);
    QTRY_COMPARE(view->model()->rowCount(), 3); // loaded on a worker thread
    QCOMPARE(count->text(), u"3 patients"_s);
    QVERIFY(window.windowTitle().contains(u"Test Practice"_s));

    QTest::keyClicks(search, u"clark"_s);
    QCOMPARE(view->model()->rowCount(), 1);
    QCOMPARE(view->model()->index(0, vd::ui::WorklistModel::MrnColumn).data().toString(),
             u"MRN-C"_s);
    QCOMPARE(count->text(), u"1 of 3 patients"_s);
    search->clear();
    QCOMPARE(view->model()->rowCount(), 3);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
