#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QtTest>

#include "billing/worklist.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "tempdatabase.h"
#include "ui/worklistmodel.h"

using namespace Qt::Literals::StringLiterals;

class TestWorklistModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void rowsMatchTheStore();
    void sortsByRawValues();
    void passesTheModelTester();

private:
    QString cell(int row, int column) const { return m_model.index(row, column).data().toString(); }
    int rowOf(const QString &mrn) const
    {
        for (int r = 0; r < m_model.rowCount(); ++r)
            if (cell(r, vd::ui::WorklistModel::MrnColumn) == mrn)
                return r;
        return -1;
    }

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    vd::ui::WorklistModel m_model;
};

void TestWorklistModel::initTestCase()
{
    const QDate today(2026, 3, 20);
    m_clock.setNowUtc(QDateTime(today, QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY(m_temp->isValid());
    vd::test::PracticeBuilder practice(m_temp->db(), m_clock);
    const auto a = practice.addEnrolledPatient(u"MRN-A"_s, u"Adams"_s, QDate(2026, 1, 10));
    const auto b = practice.addEnrolledPatient(u"MRN-B"_s, u"Baker"_s, QDate(2026, 1, 10));
    practice.addDailyReadings(a, QDate(2026, 3, 11), QDate(2026, 3, 20));
    practice.addTime(a, QDate(2026, 3, 12), QTime(10, 0), 21 * 60 + 5);
    practice.addCall(a, QDate(2026, 3, 12), QTime(10, 0), 300);
    practice.addTime(b, QDate(2026, 3, 13), QTime(10, 0), 7 * 60);
    practice.addReading(b, QDate(2026, 3, 12), QTime(8, 30), u"bp"_s, 186, 95);

    auto rows = vd::billing::buildWorklist(m_temp->db(), m_clock, today);
    QVERIFY2(rows, qPrintable(rows.error()));
    m_model.setRows(std::move(*rows), today, QTimeZone("America/New_York"));
}

void TestWorklistModel::cleanupTestCase()
{
    m_temp.reset();
}

void TestWorklistModel::rowsMatchTheStore()
{
    using M = vd::ui::WorklistModel;
    QCOMPARE(m_model.rowCount(), 2);
    QCOMPARE(m_model.columnCount(), int(M::ColumnCount));
    const int a = rowOf(u"MRN-A"_s);
    const int b = rowOf(u"MRN-B"_s);
    QVERIFY(a >= 0 && b >= 0);

    QCOMPARE(cell(a, M::NameColumn), u"Adams, Test"_s);
    QCOMPARE(cell(a, M::MinutesColumn), u"21:05"_s);
    QCOMPARE(cell(a, M::LiveCallColumn), u"Yes"_s);
    QVERIFY2(cell(a, M::DeviceDaysColumn).startsWith(u"10 / 16"_s),
             qPrintable(cell(a, M::DeviceDaysColumn)));
    QCOMPARE(cell(a, M::LastReadingColumn), u"today 08:00"_s);
    QCOMPARE(cell(a, M::AlertsColumn), u"0"_s);

    QCOMPARE(cell(b, M::MinutesColumn), u"7:00"_s);
    QCOMPARE(cell(b, M::LiveCallColumn), u"No"_s);
    QCOMPARE(cell(b, M::LastReadingColumn), u"8 days ago"_s);
    QCOMPARE(cell(b, M::AlertsColumn), u"1"_s); // nothing for 8 days; the crisis is older
    QVERIFY2(cell(b, M::PlanColumn).startsWith(u"needs 13 min + a call"_s),
             qPrintable(cell(b, M::PlanColumn)));
    QCOMPARE(m_model.index(b, 0).data(M::PatientIdRole).toLongLong(), m_model.rowAt(b)->patientId);
}

void TestWorklistModel::sortsByRawValues()
{
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&m_model);
    proxy.setSortRole(vd::ui::WorklistModel::SortRole);
    proxy.sort(vd::ui::WorklistModel::MinutesColumn, Qt::DescendingOrder);
    // "21:05" sorts above "7:00" by seconds, not as text.
    QCOMPARE(proxy.index(0, vd::ui::WorklistModel::MrnColumn).data().toString(), u"MRN-A"_s);
    proxy.setFilterRole(vd::ui::WorklistModel::SearchTextRole);
    proxy.setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy.setFilterFixedString(u"baker"_s);
    QCOMPARE(proxy.rowCount(), 1);
    proxy.setFilterFixedString(u"mrn-a"_s);
    QCOMPARE(proxy.rowCount(), 1);
}

void TestWorklistModel::passesTheModelTester()
{
    vd::ui::WorklistModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<vd::billing::WorklistRow> rows(3);
    for (size_t i = 0; i < rows.size(); ++i) {
        rows[i].patientId = qint64(i + 1);
        rows[i].mrn = u"M%1"_s.arg(i);
    }
    model.setRows(rows, QDate(2026, 3, 20), QTimeZone::utc());
    QCOMPARE(model.rowCount(), 3);
    model.setRows({}, QDate(2026, 3, 20), QTimeZone::utc());
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestWorklistModel)
#include "tst_worklistmodel.moc"
