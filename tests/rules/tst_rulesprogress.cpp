// progress(): the nurse's stopwatch view of a month, and its agreement with evaluate().

#include <QTest>

#include "factsbuilder.h"

using namespace fx;

Q_DECLARE_METATYPE(vd::rules::Date)

namespace {

QString thresholdsText(const MonthProgress &p)
{
    QStringList parts;
    for (const Threshold &t : p.thresholds)
        parts << QString::number(t.seconds) + QLatin1Char('/') + QString::fromStdString(t.code);
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestRulesProgress : public QObject
{
    Q_OBJECT

private slots:
    void thresholdsOfTheYear_data();
    void thresholdsOfTheYear();
    void nextThreshold_data();
    void nextThreshold();
    void devicePeriod_data();
    void devicePeriod();
    void noPeriodBeforeTheEpisode();
    void blockedMonth();
    void sameFiguresAsEvaluate_data();
    void sameFiguresAsEvaluate();
    void errors();
    void formatDurations_data();
    void formatDurations();
};

void TestRulesProgress::thresholdsOfTheYear_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("cap"); // -1: default
    QTest::addColumn<QString>("thresholds");

    QTest::addRow("CY2025: 20, 40, 60 minutes") << 2025 << -1 << "1200/99457 2400/99458 3600/99458";
    QTest::addRow("CY2026: 10, 20, 40, 60 minutes")
        << 2026 << -1 << "600/99470 1200/99457 2400/99458 3600/99458";
    QTest::addRow("CY2026 with a payer cap of 1") << 2026 << 1 << "600/99470 1200/99457 2400/99458";
}

void TestRulesProgress::thresholdsOfTheYear()
{
    QFETCH(int, year);
    QFETCH(int, cap);
    QFETCH(QString, thresholds);
    MonthFacts f = fx::month(year, 6, day(year, 6, 1));
    if (cap >= 0)
        f.addOnUnitCap = cap;
    const MonthProgress p = progress(f, 0, day(year, 6, 10));
    QVERIFY2(p.ok(), p.error.c_str());
    QCOMPARE(thresholdsText(p), thresholds);
}

void TestRulesProgress::nextThreshold_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<qint64>("logged");
    QTest::addColumn<qint64>("running");
    QTest::addColumn<bool>("call");
    QTest::addColumn<qint64>("next");
    QTest::addColumn<QString>("nextCode");
    QTest::addColumn<qint64>("toNext");
    QTest::addColumn<bool>("liveCallNeeded");
    QTest::addColumn<QString>("status");

    QTest::addRow("CY2025: 14:32 logged, no call yet")
        << 2025 << 872LL << 0LL << false << 1200LL << "99457" << 328LL << true
        << "14:32 of 20:00 — live call still needed";
    QTest::addRow("CY2025: the running stopwatch counts")
        << 2025 << 600LL << 272LL << false << 1200LL << "99457" << 328LL << true
        << "14:32 of 20:00 — live call still needed";
    QTest::addRow("CY2025: 19:59 with a call") << 2025 << 1199LL << 0LL << true << 1200LL << "99457"
                                               << 1LL << false << "19:59 of 20:00 — 0:01 to 99457";
    QTest::addRow("CY2025: 99457 met, 5:28 to 99458")
        << 2025 << 2072LL << 0LL << true << 2400LL << "99458" << 328LL << false
        << "99457 met — 5:28 to 99458";
    QTest::addRow("CY2025: 25 minutes without a call")
        << 2025 << 1500LL << 0LL << false << 2400LL << "99458" << 900LL << true
        << "25:00 — time for 99457 met, live call still needed";
    QTest::addRow("CY2025: 40 minutes: one 99458, next unit at 60")
        << 2025 << 2400LL << 0LL << true << 3600LL << "99458" << 1200LL << false
        << "99457 + 99458 met — 20:00 to 99458";
    QTest::addRow("CY2025: 60 minutes: cap reached, no next threshold")
        << 2025 << 3000LL << 600LL << true << 0LL << "" << 0LL << false
        << "99457 + 99458 ×2 met — unit cap reached";
    QTest::addRow("CY2026: 7 minutes with a call, 3:00 to 99470")
        << 2026 << 420LL << 0LL << true << 600LL << "99470" << 180LL << false
        << "7:00 of 10:00 — 3:00 to 99470";
    QTest::addRow("CY2026: 7 minutes, no call")
        << 2026 << 420LL << 0LL << false << 600LL << "99470" << 180LL << true
        << "7:00 of 10:00 — live call still needed";
    QTest::addRow("CY2026: 99470 met, on to 99457")
        << 2026 << 700LL << 0LL << true << 1200LL << "99457" << 500LL << false
        << "99470 met — 8:20 to 99457";
    QTest::addRow("CY2026: 14:32 without a call")
        << 2026 << 872LL << 0LL << false << 1200LL << "99457" << 328LL << true
        << "14:32 — time for 99470 met, live call still needed";
    QTest::addRow("CY2026: nothing yet") << 2026 << 0LL << 0LL << false << 600LL << "99470" << 600LL
                                         << true << "0:00 of 10:00 — live call still needed";
}

void TestRulesProgress::nextThreshold()
{
    QFETCH(int, year);
    QFETCH(qint64, logged);
    QFETCH(qint64, running);
    QFETCH(bool, call);
    QFETCH(qint64, next);
    QFETCH(QString, nextCode);
    QFETCH(qint64, toNext);
    QFETCH(bool, liveCallNeeded);
    QFETCH(QString, status);

    MonthFacts f = fx::month(year, 6, day(year, 6, 1));
    if (logged > 0)
        addTime(f, at(day(year, 6, 2), 9), logged);
    if (call)
        addCall(f, at(day(year, 6, 2), 9, 1));
    const MonthProgress p = progress(f, running, day(year, 6, 10));
    QVERIFY2(p.ok(), p.error.c_str());
    QCOMPARE(qint64(p.loggedSeconds), logged);
    QCOMPARE(qint64(p.runningSeconds), running);
    QCOMPARE(qint64(p.secondsSoFar), logged + running);
    QCOMPARE(qint64(p.nextThresholdSeconds), next);
    QCOMPARE(QString::fromStdString(p.nextCode), nextCode);
    QCOMPARE(qint64(p.secondsToNext), toNext);
    QCOMPARE(p.liveCallNeeded, liveCallNeeded);
    QCOMPARE(p.interactiveContact, call);
    QCOMPARE(QString::fromStdString(p.status), status);
}

void TestRulesProgress::devicePeriod_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("days"); // consecutive days from the episode start
    QTest::addColumn<Date>("today");
    QTest::addColumn<int>("daysLeft");
    QTest::addColumn<int>("minDays");
    QTest::addColumn<bool>("reachable");
    QTest::addColumn<bool>("fullReachable");
    QTest::addColumn<QString>("code");

    QTest::addRow("CY2025: 11 days, 9 left: 16 still reachable")
        << 2025 << 11 << day(2025, 6, 22) << 9 << 16 << true << true << "";
    QTest::addRow("CY2025: 11 days, 4 left: 16 out of reach")
        << 2025 << 11 << day(2025, 6, 27) << 4 << 16 << false << false << "";
    QTest::addRow("CY2025: 11 days, 5 left: exactly reachable")
        << 2025 << 11 << day(2025, 6, 26) << 5 << 16 << true << true << "";
    QTest::addRow("CY2025: today's reading already in: today is not left")
        << 2025 << 11 << day(2025, 6, 11) << 19 << 16 << true << true << "";
    QTest::addRow("CY2026: 1 day, last day of the period: 2 still reachable")
        << 2026 << 1 << day(2026, 6, 30) << 1 << 2 << true << false << "";
    QTest::addRow("CY2026: 3 days already earn 99445")
        << 2026 << 3 << day(2026, 6, 10) << 21 << 2 << true << true << "99445";
    QTest::addRow("CY2026: 16 days earn 99454")
        << 2026 << 16 << day(2026, 6, 20) << 11 << 2 << true << true << "99454";
}

void TestRulesProgress::devicePeriod()
{
    QFETCH(int, year);
    QFETCH(int, days);
    QFETCH(Date, today);
    QFETCH(int, daysLeft);
    QFETCH(int, minDays);
    QFETCH(bool, reachable);
    QFETCH(bool, fullReachable);
    QFETCH(QString, code);
    MonthFacts f = fx::month(year, 6, day(year, 6, 1));
    addDays(f, day(year, 6, 1), days);
    const MonthProgress p = progress(f, 0, today);
    QVERIFY(p.devicePeriod);
    QVERIFY(p.devicePeriod->start == day(year, 6, 1));
    QVERIFY(p.devicePeriod->end == day(year, 6, 30));
    QCOMPARE(p.devicePeriod->daysSoFar, days);
    QCOMPARE(p.devicePeriod->daysLeft, daysLeft);
    QCOMPARE(p.devicePeriod->minDays, minDays);
    QCOMPARE(p.devicePeriod->fullDays, 16);
    QCOMPARE(p.devicePeriod->reachable, reachable);
    QCOMPARE(p.devicePeriod->fullReachable, fullReachable);
    QCOMPARE(QString::fromStdString(p.devicePeriod->code), code);
}

void TestRulesProgress::noPeriodBeforeTheEpisode()
{
    MonthFacts f = fx::month(2026, 3, day(2026, 3, 20));
    const MonthProgress p = progress(f, 0, day(2026, 3, 10));
    QVERIFY(p.ok());
    QVERIFY(!p.devicePeriod);
    // The second period: today is day 31 of the episode.
    const MonthProgress later = progress(f, 0, day(2026, 4, 19));
    QVERIFY(later.devicePeriod);
    QVERIFY(later.devicePeriod->start == day(2026, 4, 19));
    QCOMPARE(later.devicePeriod->daysLeft, 30);
}

void TestRulesProgress::blockedMonth()
{
    MonthFacts f = fx::month(2026, 3, day(2026, 3, 1));
    f.episode.consent = false;
    addTime(f, at(day(2026, 3, 2), 9), 1300);
    addCall(f, at(day(2026, 3, 2), 9));
    const MonthProgress p = progress(f, 0, day(2026, 3, 5));
    QVERIFY(p.blocked);
    QCOMPARE(QString::fromStdString(p.status),
             QStringLiteral("no consent on file — nothing is billable"));
    QCOMPARE(qint64(p.secondsSoFar), qint64(1300));
}

void TestRulesProgress::sameFiguresAsEvaluate_data()
{
    QTest::addColumn<QString>("scenario");

    QTest::addRow("entry spilling over the month's end") << "spill";
    QTest::addRow("CCM and ADMIN time mixed in") << "exclusions";
    QTest::addRow("same staff overlapping") << "overlap";
    QTest::addRow("plain month") << "plain";
}

void TestRulesProgress::sameFiguresAsEvaluate()
{
    QFETCH(QString, scenario);
    MonthFacts f = fx::month(2026, 3, day(2026, 3, 1));
    addTime(f, at(day(2026, 3, 2), 9), 700, "RPM", "RN", "n1");
    if (scenario == QLatin1String("spill"))
        addTime(f, at(day(2026, 3, 31), 23, 50), 1200);
    if (scenario == QLatin1String("exclusions")) {
        addTime(f, at(day(2026, 3, 3), 9), 900, "CCM");
        addTime(f, at(day(2026, 3, 4), 9), 900, "RPM", "ADMIN");
    }
    if (scenario == QLatin1String("overlap"))
        addTime(f, at(day(2026, 3, 2), 9, 5), 900, "RPM", "RN", "n1");
    addCall(f, at(day(2026, 3, 2), 9, 1));
    const Decision d = evaluate(f);
    const MonthProgress p = progress(f, 0, day(2026, 3, 31));
    QCOMPARE(qint64(p.loggedSeconds), qint64(d.managementSeconds));
    QCOMPARE(p.interactiveContact, d.interactiveContact);
    QCOMPARE(QString::fromStdString(p.managementCode),
             d.hasCode("99457") ? QStringLiteral("99457")
                                : (d.hasCode("99470") ? QStringLiteral("99470") : QString()));
}

void TestRulesProgress::errors()
{
    MonthFacts f = fx::month(2026, 3, day(2026, 3, 1));
    f.ruleSet = "CY1999";
    MonthProgress p = progress(f, 0, day(2026, 3, 5));
    QVERIFY(!p.ok());
    QVERIFY(QString::fromStdString(p.error).contains(QLatin1String("CY1999")));
    f.ruleSet.reset();
    p = progress(f, 0, Date{2026, 2, 30});
    QVERIFY(!p.ok());
}

void TestRulesProgress::formatDurations_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("text");

    QTest::addRow("zero") << 0LL << "0:00";
    QTest::addRow("one second") << 1LL << "0:01";
    QTest::addRow("19:59") << 1199LL << "19:59";
    QTest::addRow("20:00") << 1200LL << "20:00";
    QTest::addRow("over an hour stays in minutes") << 4500LL << "75:00";
    QTest::addRow("negative shows as zero") << -5LL << "0:00";
}

void TestRulesProgress::formatDurations()
{
    QFETCH(qint64, seconds);
    QFETCH(QString, text);
    QCOMPARE(QString::fromStdString(formatDuration(seconds)), text);
}

QTEST_GUILESS_MAIN(TestRulesProgress)
#include "tst_rulesprogress.moc"
