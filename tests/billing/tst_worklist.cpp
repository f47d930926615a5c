#include <QtTest>

#include "billing/monthfacts.h"
#include "billing/patientsummary.h"
#include "billing/worklist.h"
#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/patientrepository.h"
#include "store/timerepository.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;

namespace {
const vd::billing::WorklistRow *byMrn(const std::vector<vd::billing::WorklistRow> &rows,
                                      const QString &mrn)
{
    for (const auto &r : rows)
        if (r.mrn == mrn)
            return &r;
    return nullptr;
}
} // namespace

class TestWorklist : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void onlyPatientsEnrolledThisMonthAreListed();
    void minutesAndCallsComeFromTheRules();
    void otherProgramsAndNonClinicalStaffDoNotCount();
    void overlapWithAnotherPatientCountsForNeither();
    void amendedAndVoidedEntriesCountOnceAsAmended();
    void deviceDaysInTheCurrentPeriod();
    void alertsForOutOfRangeReadingsAndSilence();
    void timeFromTheEveningBeforeTheMonthIsSplit();
    void reEnrolmentKeepsTheEarlierEpisodesLastPeriods();
    void workingDaysLeft_data();
    void workingDaysLeft();
    void rankedByNeed();
    void needLine_data();
    void needLine();

private:
    std::vector<vd::billing::WorklistRow> worklist();

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    const QDate m_today{2026, 3, 20};
};

void TestWorklist::init()
{
    // 11:00 in New York on 2026-03-20.
    m_clock.setNowUtc(QDateTime(m_today, QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
}

void TestWorklist::cleanup()
{
    m_practice.reset();
    m_temp.reset();
}

std::vector<vd::billing::WorklistRow> TestWorklist::worklist()
{
    auto rows = vd::billing::buildWorklist(m_temp->db(), m_clock, m_today);
    if (!rows) {
        QTest::qFail(qPrintable(rows.error()), __FILE__, __LINE__);
        return {};
    }
    return std::move(rows.value());
}

void TestWorklist::onlyPatientsEnrolledThisMonthAreListed()
{
    m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_practice->addEnrolledPatient(u"LATER"_s, u"Later"_s, QDate(2026, 4, 2));
    const auto rows = worklist();
    QCOMPARE(rows.size(), size_t(1));
    QCOMPARE(rows.front().mrn, u"A"_s);
    QCOMPARE(rows.front().name, u"Adams, Test"_s);
}

void TestWorklist::minutesAndCallsComeFromTheRules()
{
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    const auto b = m_practice->addEnrolledPatient(u"B"_s, u"Baker"_s, QDate(2026, 1, 10));
    m_practice->addTime(a, QDate(2026, 3, 3), QTime(9, 0), 900);
    m_practice->addTime(a, QDate(2026, 3, 12), QTime(10, 0), 600);
    m_practice->addCall(a, QDate(2026, 3, 12), QTime(10, 0), 300);
    m_practice->addTime(b, QDate(2026, 3, 5), QTime(9, 0), 14 * 60);
    m_practice->addCall(b, QDate(2026, 3, 5), QTime(9, 2), 60, false); // attempted
    m_practice->addCall(b, QDate(2026, 3, 6), QTime(9, 2), 60, true, u"voicemail"_s);
    m_practice->addTime(a, QDate(2026, 2, 27), QTime(9, 0), 1200); // last month

    const auto rows = worklist();
    const auto *ra = byMrn(rows, u"A"_s);
    const auto *rb = byMrn(rows, u"B"_s);
    QVERIFY(ra && rb);
    QCOMPARE(ra->monthSeconds, 1500);
    QVERIFY(ra->liveCall);
    QVERIFY(!ra->liveCallNeeded);
    QCOMPARE(ra->managementCode, u"99457"_s);
    QCOMPARE(ra->nextThresholdSeconds, 2400);

    QCOMPARE(rb->monthSeconds, 14 * 60);
    QVERIFY(!rb->liveCall);
    QVERIFY(rb->liveCallNeeded);
    QVERIFY2(rb->status.contains(u"14:00"_s), qPrintable(rb->status));
}

void TestWorklist::otherProgramsAndNonClinicalStaffDoNotCount()
{
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    const auto biller = m_practice->addStaff(u"Bill Biller"_s, u"BILLER"_s);
    m_practice->addTime(a, QDate(2026, 3, 3), QTime(9, 0), 1800, u"CCM"_s);
    m_practice->addTime(a, QDate(2026, 3, 4), QTime(9, 0), 1800, u"RPM"_s, biller);
    m_practice->addTime(a, QDate(2026, 3, 5), QTime(9, 0), 300, u"RPM"_s);
    const auto rows = worklist();
    QCOMPARE(rows.front().monthSeconds, 300);
}

void TestWorklist::overlapWithAnotherPatientCountsForNeither()
{
    // 9:00-9:10 on A and 9:05-9:15 on B by the same nurse: the shared five minutes count
    // for neither patient; the rest of each entry counts.
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    const auto b = m_practice->addEnrolledPatient(u"B"_s, u"Baker"_s, QDate(2026, 1, 10));
    m_practice->addTime(a, QDate(2026, 3, 9), QTime(9, 0), 600);
    m_practice->addTime(b, QDate(2026, 3, 9), QTime(9, 5), 600); // same nurse, overlaps
    m_practice->addTime(b, QDate(2026, 3, 9), QTime(11, 0), 120);
    const auto rows = worklist();
    QCOMPARE(byMrn(rows, u"A"_s)->monthSeconds, 300);
    QCOMPARE(byMrn(rows, u"B"_s)->monthSeconds, 300 + 120);

    vd::billing::MonthFactsBuilder builder(m_temp->db(), m_clock);
    auto pm = builder.onePatient(a, {2026, 3}, m_today, vd::billing::ReadingWindow::CurrentPeriods);
    QVERIFY2(pm, qPrintable(pm.error()));
    QCOMPARE(pm->excludedOverlapEntries, 1);
}

void TestWorklist::amendedAndVoidedEntriesCountOnceAsAmended()
{
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    const qint64 first = m_practice->addTime(a, QDate(2026, 3, 9), QTime(9, 0), 600);
    const qint64 second = m_practice->addTime(a, QDate(2026, 3, 10), QTime(9, 0), 600);
    vd::TimeRepository time(m_temp->connection(), m_clock);
    auto original = time.entryHistory(first);
    QVERIFY(original);
    vd::TimeEntry fixed = original->front();
    fixed.seconds = 1000;
    QVERIFY(time.amendEntry(m_practice->nurse(), first, fixed, u"stopped late"_s));
    QVERIFY(time.voidEntry(m_practice->nurse(), second, u"wrong patient"_s));
    QCOMPARE(worklist().front().monthSeconds, 1000);
}

void TestWorklist::deviceDaysInTheCurrentPeriod()
{
    // Periods from 2026-01-10: Jan 10–Feb 8, Feb 9–Mar 10, Mar 11–Apr 9.
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_practice->addDailyReadings(a, QDate(2026, 3, 1), QDate(2026, 3, 20));
    m_practice->addReading(a, QDate(2026, 3, 19), QTime(20, 0), u"bp"_s, 130, 80); // same day
    m_practice->addReading(a, QDate(2026, 3, 20), QTime(7, 0), u"battery"_s, 80);
    const auto rows = worklist();
    const auto &r = rows.front();
    QVERIFY(r.hasDevicePeriod);
    QCOMPARE(r.periodStart, QDate(2026, 3, 11));
    QCOMPARE(r.periodEnd, QDate(2026, 4, 9));
    QCOMPARE(r.deviceDays, 10);
    QVERIFY(r.deviceDaysReachable);
    QVERIFY(r.lastReadingMs.has_value());
}

void TestWorklist::alertsForOutOfRangeReadingsAndSilence()
{
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    const auto b = m_practice->addEnrolledPatient(u"B"_s, u"Baker"_s, QDate(2026, 1, 10));
    m_practice->addReading(a, QDate(2026, 3, 15), QTime(8, 0), u"bp"_s, 192, 100); // crisis
    m_practice->addReading(a, QDate(2026, 3, 10), QTime(8, 0), u"bp"_s, 200, 100); // > 7 days
    m_practice->addReading(b, QDate(2026, 3, 20), QTime(8, 0), u"bp"_s, 120, 80);
    m_practice->addReading(b, QDate(2026, 3, 20), QTime(9, 0), u"heart_rate"_s, 44);
    const auto rows = worklist();
    QCOMPARE(byMrn(rows, u"A"_s)->openAlerts, 2); // crisis + 5 days without a reading
    QCOMPARE(byMrn(rows, u"B"_s)->openAlerts, 1); // bradycardia
}

void TestWorklist::timeFromTheEveningBeforeTheMonthIsSplit()
{
    const auto a = m_practice->addEnrolledPatient(u"A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_practice->addTime(a, QDate(2026, 2, 28), QTime(23, 50), 1200); // 10 min in March
    QCOMPARE(worklist().front().monthSeconds, 600);
}

void TestWorklist::reEnrolmentKeepsTheEarlierEpisodesLastPeriods()
{
    // Episode 1 from Jan 1 (periods Jan 1-30, Jan 31-Mar 1, Mar 2-31) with daily readings
    // until Mar 12; the patient is re-enrolled on Mar 25 (episode 2, first period ends in
    // April). March still bills episode 1's two periods that end in March.
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 31), QTime(20, 0), QTimeZone::utc()));
    const auto p = m_practice->addEnrolledPatient(u"RE"_s, u"Again"_s, QDate(2026, 1, 1));
    m_practice->addDailyReadings(p, QDate(2026, 1, 1), QDate(2026, 3, 12));
    vd::Episode second;
    second.patientId = p;
    second.monitoringStart = QDate(2026, 3, 25);
    second.orderingStaffId = m_practice->physician();
    second.consentDate = QDate(2026, 3, 25);
    second.consentMethod = u"verbal"_s;
    second.consentObtainedBy = m_practice->nurse();
    second.establishedEvidence = u"office visit"_s;
    QVERIFY(vd::PatientRepository(m_temp->connection(), m_clock)
                .addEpisode(m_practice->admin(), second));

    auto summary = vd::billing::loadPatientSummary(m_temp->db(), m_clock, p, QDate(2026, 3, 31));
    QVERIFY2(summary, qPrintable(summary.error()));
    QCOMPARE(summary->episode.monitoringStart, QDate(2026, 3, 25));
    QCOMPARE(summary->decision.units("99454"), 1); // Jan 31 - Mar 1: 30 days
    QCOMPARE(summary->decision.units("99445"), 1); // Mar 2 - 31: 11 days
    QCOMPARE(summary->decision.units("99453"), 0); // billed with January's period
    bool explained = false;
    for (const std::string &r : summary->decision.reasons)
        explained |= r.find("episode that started 2026-01-01") != std::string::npos;
    QVERIFY(explained);
}

void TestWorklist::workingDaysLeft_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<int>("expected");
    QTest::addRow("Friday 2026-03-20 to Tuesday 31st") << QDate(2026, 3, 20) << 8;
    QTest::addRow("last day, a Tuesday") << QDate(2026, 3, 31) << 1;
    QTest::addRow("Saturday 2026-02-28, month ends") << QDate(2026, 2, 28) << 0;
    QTest::addRow("whole of February 2026") << QDate(2026, 2, 1) << 20;
}

void TestWorklist::workingDaysLeft()
{
    QFETCH(QDate, from);
    QFETCH(int, expected);
    QCOMPARE(vd::billing::workingDaysLeftInMonth(from), expected);
}

void TestWorklist::rankedByNeed()
{
    const auto done = m_practice->addEnrolledPatient(u"DONE"_s, u"Done"_s, QDate(2026, 1, 10));
    const auto close = m_practice->addEnrolledPatient(u"CLOSE"_s, u"Close"_s, QDate(2026, 1, 10));
    const auto far = m_practice->addEnrolledPatient(u"FAR"_s, u"Far"_s, QDate(2026, 1, 10));
    for (auto p : {done, close, far})
        m_practice->addDailyReadings(p, QDate(2026, 3, 11), QDate(2026, 3, 20));
    m_practice->addTime(done, QDate(2026, 3, 2), QTime(9, 0), 1300);
    m_practice->addCall(done, QDate(2026, 3, 2), QTime(9, 0), 300);
    m_practice->addTime(close, QDate(2026, 3, 3), QTime(9, 0), 1000);
    m_practice->addCall(close, QDate(2026, 3, 3), QTime(9, 0), 300);
    m_practice->addTime(far, QDate(2026, 3, 4), QTime(9, 0), 120);

    const auto rows = worklist();
    QCOMPARE(rows.size(), size_t(3));
    QCOMPARE(rows[0].mrn, u"FAR"_s);
    QCOMPARE(rows[1].mrn, u"CLOSE"_s);
    QCOMPARE(rows[2].mrn, u"DONE"_s);
    QVERIFY(rows[2].doneThisMonth);
    QVERIFY(!rows[0].doneThisMonth && rows[0].needsMinutes);
    QCOMPARE(rows[0].need, u"needs 18 min + a call; 8 working days left"_s);
    QCOMPARE(rows[1].need, u"needs 4 min; 8 working days left"_s);
    QCOMPARE(rows[2].need, u"99457 met; 19 min to 99458"_s);
}

void TestWorklist::needLine_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<bool>("callNeeded");
    QTest::addColumn<int>("alerts");
    QTest::addColumn<bool>("silent");
    QTest::addColumn<QString>("expected");
    QTest::addRow("short and no call")
        << qint64(750) << true << 0 << false << u"needs 8 min + a call; 2 working days left"_s;
    QTest::addRow("only a call") << qint64(1200) << true << 0 << false
                                 << u"needs a call; 2 working days left"_s;
    QTest::addRow("silent with an alert") << qint64(0) << false << 1 << true
                                          << u"needs 20 min; no transmission for 4 days; 1 alert; "
                                             "2 working days left"_s;
}

void TestWorklist::needLine()
{
    QFETCH(qint64, seconds);
    QFETCH(bool, callNeeded);
    QFETCH(int, alerts);
    QFETCH(bool, silent);
    QFETCH(QString, expected);
    std::vector<vd::billing::WorklistRow> rows(1);
    rows[0].monthSeconds = seconds;
    rows[0].liveCallNeeded = callNeeded;
    rows[0].openAlerts = alerts;
    rows[0].notTransmitting = silent;
    rows[0].daysSilent = 4;
    rows[0].lastTransmissionMs = 1;
    vd::billing::rankWorklist(rows, QDate(2026, 3, 30)); // Monday: Mon + Tue left
    QCOMPARE(rows[0].need, expected);
    QVERIFY(rows[0].priority > 0);
}

QTEST_GUILESS_MAIN(TestWorklist)
#include "tst_worklist.moc"
