// evaluate(): every rule of /shared/RPM_RULES.md and its boundaries, table-driven.

#include <QTest>

#include "factsbuilder.h"

using namespace fx;

Q_DECLARE_METATYPE(vd::rules::Date)
Q_DECLARE_METATYPE(vd::rules::ContactMode)
Q_DECLARE_METATYPE(vd::rules::Counterpart)

namespace {

LocalDateTime dt(const char *iso)
{
    const std::optional<LocalDateTime> t = parseDateTime(iso);
    Q_ASSERT(t);
    return *t;
}

// "2026-02-14..2026-03-15:16:99454; ..." for comparing device periods.
QString periodsText(const Decision &d)
{
    QStringList parts;
    for (const DevicePeriodResult &p : d.devicePeriods) {
        parts << QString::fromStdString(toString(p.start) + ".." + toString(p.end) + ':' +
                                        std::to_string(p.days) + ':' + p.code);
    }
    return parts.join(QStringLiteral("; "));
}

// A month that earns device and management codes: 16 days in the period ending in it,
// 25 minutes and a phone call. CY2026 (March 2026) unless told otherwise.
MonthFacts fullMonth(int year = 2026, int month = 3)
{
    MonthFacts f = fx::month(year, month, day(year, month, 1));
    addDays(f, day(year, month, 1), 16);
    addTime(f, at(day(year, month, 3), 9), 1500);
    addCall(f, at(day(year, month, 3), 9, 5));
    return f;
}

} // namespace

class TestRulesEngine : public QObject
{
    Q_OBJECT

private slots:
    void managementThresholds_data();
    void managementThresholds();
    void timeIsSummedInSeconds_data();
    void timeIsSummedInSeconds();
    void deviceDays_data();
    void deviceDays();
    void whatCountsAsADay_data();
    void whatCountsAsADay();
    void timeAcrossMidnight_data();
    void timeAcrossMidnight();
    void yearEndSplitUsesEachYearsRules();
    void devicePeriods_data();
    void devicePeriods();
    void blocks_data();
    void blocks();
    void contactModes_data();
    void contactModes();
    void timeExclusions_data();
    void timeExclusions();
    void ccmTimeNeverCountsTwice();
    void billingProvider_data();
    void billingProvider();
    void setupOncePerEpisode_data();
    void setupOncePerEpisode();
    void addOnUnitCap_data();
    void addOnUnitCap();
    void sameFactsUnderEachYear_data();
    void sameFactsUnderEachYear();
    void ruleSetChosenByDate_data();
    void ruleSetChosenByDate();
    void overlappingTime_data();
    void overlappingTime();
    void overlapsUseRealTimeAcrossDst_data();
    void overlapsUseRealTimeAcrossDst();
    void reasons_data();
    void reasons();
    void unusableFacts_data();
    void unusableFacts();
    void negativeSecondsCountAsZero();
    void codesAreSorted();
};

void TestRulesEngine::managementThresholds_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<bool>("call");
    QTest::addColumn<QString>("codes");

    // CY2025: June 2025.
    QTest::addRow("CY2025: 599 s with a call earns nothing") << 2025 << 599LL << true << "";
    QTest::addRow("CY2025: 600 s earns nothing (no 99470 before 2026)")
        << 2025 << 600LL << true << "";
    QTest::addRow("CY2025: 1199 s is not 20 minutes") << 2025 << 1199LL << true << "";
    QTest::addRow("CY2025: 20 minutes exactly earns 99457") << 2025 << 1200LL << true << "99457";
    QTest::addRow("CY2025: 20 minutes without a live call earns nothing")
        << 2025 << 1200LL << false << "";
    QTest::addRow("CY2025: 2399 s is still only 99457") << 2025 << 2399LL << true << "99457";
    QTest::addRow("CY2025: 40 minutes adds one 99458") << 2025 << 2400LL << true << "99457 99458";
    QTest::addRow("CY2025: 3599 s is one 99458") << 2025 << 3599LL << true << "99457 99458";
    QTest::addRow("CY2025: 60 minutes adds two 99458") << 2025 << 3600LL << true << "99457 99458x2";
    QTest::addRow("CY2025: 80 minutes is capped at two 99458")
        << 2025 << 4800LL << true << "99457 99458x2";
    QTest::addRow("CY2025: 60 minutes without a live call earns nothing")
        << 2025 << 3600LL << false << "";
    // CY2026: March 2026.
    QTest::addRow("CY2026: 599 s earns nothing") << 2026 << 599LL << true << "";
    QTest::addRow("CY2026: 10 minutes and a call earns 99470") << 2026 << 600LL << true << "99470";
    QTest::addRow("CY2026: 10 minutes without a call earns nothing")
        << 2026 << 600LL << false << "";
    QTest::addRow("CY2026: 1199 s is still 99470") << 2026 << 1199LL << true << "99470";
    QTest::addRow("CY2026: 20 minutes earns 99457, never with 99470")
        << 2026 << 1200LL << true << "99457";
    QTest::addRow("CY2026: 20 minutes without a call earns nothing")
        << 2026 << 1200LL << false << "";
    QTest::addRow("CY2026: 2399 s is 99457 only") << 2026 << 2399LL << true << "99457";
    QTest::addRow("CY2026: 2400 s adds one 99458") << 2026 << 2400LL << true << "99457 99458";
    QTest::addRow("CY2026: 3599 s is one 99458") << 2026 << 3599LL << true << "99457 99458";
    QTest::addRow("CY2026: 3600 s adds two 99458") << 2026 << 3600LL << true << "99457 99458x2";
    QTest::addRow("CY2026: 120 minutes is capped at two 99458")
        << 2026 << 7200LL << true << "99457 99458x2";
}

void TestRulesEngine::managementThresholds()
{
    QFETCH(int, year);
    QFETCH(qint64, seconds);
    QFETCH(bool, call);
    QFETCH(QString, codes);

    const int m = year == 2025 ? 6 : 3;
    MonthFacts f = fx::month(year, m, day(year, m, 1));
    addTime(f, at(day(year, m, 3), 9), seconds);
    if (call)
        addCall(f, at(day(year, m, 3), 9, 5));
    const Decision d = evaluate(f);
    QVERIFY2(d.ok(), d.error.c_str());
    QCOMPARE(fx::codes(d), codes);
    QCOMPARE(qint64(d.managementSeconds), qint64(seconds));
    QCOMPARE(d.interactiveContact, call);
}

void TestRulesEngine::timeIsSummedInSeconds_data()
{
    QTest::addColumn<QString>("entries"); // seconds of each entry, comma-separated
    QTest::addColumn<qint64>("total");
    QTest::addColumn<QString>("codes");

    QTest::addRow("600 + 599 s is 1199 s: no 99457") << "600,599" << 1199LL << "";
    QTest::addRow("600 + 600 s is 20 minutes") << "600,600" << 1200LL << "99457";
    QTest::addRow("twelve 100 s entries are 20 minutes")
        << "100,100,100,100,100,100,100,100,100,100,100,100" << 1200LL << "99457";
    QTest::addRow("seconds are not rounded per entry: 3 x 399 s") << "399,399,399" << 1197LL << "";
}

void TestRulesEngine::timeIsSummedInSeconds()
{
    QFETCH(QString, entries);
    QFETCH(qint64, total);
    QFETCH(QString, codes);
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    int i = 0;
    for (const QString &s : entries.split(QLatin1Char(',')))
        addTime(f, at(day(2025, 6, 2 + i++), 9), s.toLongLong());
    addCall(f, at(day(2025, 6, 2), 9));
    const Decision d = evaluate(f);
    QCOMPARE(qint64(d.managementSeconds), qint64(total));
    QCOMPARE(fx::codes(d), codes);
}

void TestRulesEngine::deviceDays_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("days");
    QTest::addColumn<bool>("setupBilled");
    QTest::addColumn<QString>("codes");

    QTest::addRow("CY2025: 1 day earns nothing") << 2025 << 1 << false << "";
    QTest::addRow("CY2025: 2 days earn nothing") << 2025 << 2 << false << "";
    QTest::addRow("CY2025: 15 days earn nothing") << 2025 << 15 << false << "";
    QTest::addRow("CY2025: 16 days earn 99454 and set-up") << 2025 << 16 << false << "99453 99454";
    QTest::addRow("CY2025: 30 days earn one 99454") << 2025 << 30 << false << "99453 99454";
    QTest::addRow("CY2025: 16 days, set-up already billed") << 2025 << 16 << true << "99454";
    QTest::addRow("CY2026: 1 day earns nothing") << 2026 << 1 << false << "";
    QTest::addRow("CY2026: 2 days earn 99445 and set-up") << 2026 << 2 << false << "99445 99453";
    QTest::addRow("CY2026: 15 days earn 99445") << 2026 << 15 << false << "99445 99453";
    QTest::addRow("CY2026: 16 days earn 99454, never with 99445")
        << 2026 << 16 << false << "99453 99454";
    QTest::addRow("CY2026: 2 days, set-up already billed") << 2026 << 2 << true << "99445";
}

void TestRulesEngine::deviceDays()
{
    QFETCH(int, year);
    QFETCH(int, days);
    QFETCH(bool, setupBilled);
    QFETCH(QString, codes);
    const int m = year == 2025 ? 6 : 3;
    MonthFacts f = fx::month(year, m, day(year, m, 1));
    f.episode.setupBilled = setupBilled;
    addDays(f, day(year, m, 1), days);
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), codes);
    QCOMPARE(d.devicePeriods.size(), std::size_t(1));
    QCOMPARE(d.devicePeriods[0].days, days);
}

void TestRulesEngine::whatCountsAsADay_data()
{
    QTest::addColumn<int>("deviceDays");
    QTest::addColumn<int>("readingsPerDay");
    QTest::addColumn<int>("otherDays"); // days with only a reading of the kind below
    QTest::addColumn<QString>("other"); // manual | battery | signal | uncleared
    QTest::addColumn<int>("expectedDays");
    QTest::addColumn<QString>("codes");
    QTest::addColumn<QString>("reason");

    QTest::addRow("several readings on one day count once")
        << 16 << 5 << 0 << "" << 16 << "99453 99454"
        << "";
    QTest::addRow("15 device days + 1 manual day: 15 days")
        << 15 << 1 << 1 << "manual" << 15 << ""
        << "1 manual (patient-reported) reading";
    QTest::addRow("16 manual days: no day counts") << 0 << 1 << 16 << "manual" << 0 << ""
                                                   << "16 manual (patient-reported) readings";
    QTest::addRow("15 device days + 1 battery-only day: 15 days")
        << 15 << 1 << 1 << "battery" << 15 << ""
        << "1 battery/signal reading";
    QTest::addRow("15 device days + 1 signal-only day: 15 days")
        << 15 << 1 << 1 << "signal" << 15 << ""
        << "1 battery/signal reading";
    QTest::addRow("readings from a device that does not qualify do not count")
        << 15 << 1 << 3 << "uncleared" << 15 << ""
        << "3 readings from a device that is not FDA-cleared or does not transmit automatically";
    QTest::addRow("16 device days with extra manual days still earn 99454")
        << 16 << 2 << 5 << "manual" << 16 << "99453 99454"
        << "5 manual";
}

void TestRulesEngine::whatCountsAsADay()
{
    QFETCH(int, deviceDays);
    QFETCH(int, readingsPerDay);
    QFETCH(int, otherDays);
    QFETCH(QString, other);
    QFETCH(int, expectedDays);
    QFETCH(QString, codes);
    QFETCH(QString, reason);

    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    for (int r = 0; r < readingsPerDay; ++r)
        addDays(f, day(2025, 6, 1), deviceDays);
    const Date otherFrom = day(2025, 6, 1).addDays(deviceDays);
    if (other == QLatin1String("manual"))
        addDays(f, otherFrom, otherDays, ReadingSource::Manual);
    else if (other == QLatin1String("battery"))
        addDays(f, otherFrom, otherDays, ReadingSource::Device, ReadingKind::Battery);
    else if (other == QLatin1String("signal"))
        addDays(f, otherFrom, otherDays, ReadingSource::Device, ReadingKind::Signal);
    else if (other == QLatin1String("uncleared"))
        addDays(f, otherFrom, otherDays, ReadingSource::Device, ReadingKind::Physiologic, false);

    const Decision d = evaluate(f);
    QCOMPARE(d.devicePeriods.at(0).days, expectedDays);
    QCOMPARE(fx::codes(d), codes);
    if (!reason.isEmpty())
        QVERIFY2(hasReason(d, reason), qPrintable(allReasons(d)));
}

void TestRulesEngine::timeAcrossMidnight_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<QString>("start");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<qint64>("inMonth");

    QTest::addRow("crossing midnight at March's end: March keeps its part")
        << 2026 << 3 << "2026-03-31T23:50:00" << 1200LL << 600LL;
    QTest::addRow("crossing midnight at March's end: April gets the rest")
        << 2026 << 4 << "2026-03-31T23:50:00" << 1200LL << 600LL;
    QTest::addRow("crossing the year end: December 2025 part")
        << 2025 << 12 << "2025-12-31T23:30:00" << 3600LL << 1800LL;
    QTest::addRow("crossing the year end: January 2026 part")
        << 2026 << 1 << "2025-12-31T23:30:00" << 3600LL << 1800LL;
    QTest::addRow("crossing midnight inside the month stays whole")
        << 2026 << 3 << "2026-03-10T23:50:00" << 1200LL << 1200LL;
    QTest::addRow("leap day evening: February 2028 part")
        << 2028 << 2 << "2028-02-29T23:55:00" << 600LL << 300LL;
    QTest::addRow("leap day evening: March 2028 part")
        << 2028 << 3 << "2028-02-29T23:55:00" << 600LL << 300LL;
    QTest::addRow("February 28th 2026 evening spills into March")
        << 2026 << 3 << "2026-02-28T23:55:00" << 600LL << 300LL;
    QTest::addRow("ending exactly at midnight stays in the month")
        << 2026 << 3 << "2026-03-31T23:40:00" << 1200LL << 1200LL;
    QTest::addRow("ending exactly at midnight gives nothing to the next month")
        << 2026 << 4 << "2026-03-31T23:40:00" << 1200LL << 0LL;
    QTest::addRow("starting at midnight of the 1st belongs to the new month")
        << 2026 << 4 << "2026-04-01T00:00:00" << 600LL << 600LL;
    QTest::addRow("another month's entry does not count")
        << 2026 << 3 << "2026-02-10T10:00:00" << 600LL << 0LL;
}

void TestRulesEngine::timeAcrossMidnight()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(QString, start);
    QFETCH(qint64, seconds);
    QFETCH(qint64, inMonth);
    MonthFacts f = fx::month(year, month, day(year, month, 1));
    addTime(f, dt(start.toLatin1().constData()), seconds);
    const Decision d = evaluate(f);
    QVERIFY2(d.ok(), d.error.c_str());
    QCOMPARE(qint64(d.managementSeconds), qint64(inMonth));
}

void TestRulesEngine::yearEndSplitUsesEachYearsRules()
{
    // 20 minutes from 23:50 on New Year's Eve: 10 minutes in each year. December 2025 is
    // CY2025 (no 99470); January 2026 is CY2026 (10 minutes + a call is 99470).
    for (const auto &[year, month, codes, ruleSet] :
         {std::tuple{2025, 12, "", "CY2025"}, std::tuple{2026, 1, "99470", "CY2026"}}) {
        MonthFacts f = fx::month(year, month, day(2025, 12, 1));
        addTime(f, dt("2025-12-31T23:50:00"), 1200);
        addCall(f, dt("2025-12-15T10:00:00"));
        addCall(f, dt("2026-01-15T10:00:00"));
        const Decision d = evaluate(f);
        QCOMPARE(qint64(d.managementSeconds), qint64(600));
        QCOMPARE(fx::codes(d), QString::fromLatin1(codes));
        QCOMPARE(QString::fromStdString(d.ruleSet), QString::fromLatin1(ruleSet));
    }
}

void TestRulesEngine::devicePeriods_data()
{
    QTest::addColumn<Date>("episodeStart");
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<QString>("readingRuns"); // "from:count;from:count"
    QTest::addColumn<QString>("periods");
    QTest::addColumn<QString>("codes");

    QTest::addRow("period crossing February into March is reported in March")
        << day(2026, 2, 14) << 2026 << 3 << "2026-02-14:16"
        << "2026-02-14..2026-03-15:16:99454"
        << "99453 99454";
    QTest::addRow("nothing is reported in February for that period")
        << day(2026, 2, 14) << 2026 << 2 << "2026-02-14:16"
        << ""
        << "";
    QTest::addRow("readings after the period belong to the next one")
        << day(2026, 2, 14) << 2026 << 3 << "2026-03-10:15"
        << "2026-02-14..2026-03-15:6:99445"
        << "99445 99453";
    QTest::addRow("two periods end in a 31-day month (day 1 and day 31)")
        << day(2025, 12, 3) << 2026 << 1 << "2025-12-03:16;2026-01-02:16"
        << "2025-12-03..2026-01-01:16:99454; 2026-01-02..2026-01-31:16:99454"
        << "99453 99454x2";
    QTest::addRow("two periods in one month: one full, one partial")
        << day(2025, 12, 3) << 2026 << 1 << "2025-12-03:16;2026-01-02:3"
        << "2025-12-03..2026-01-01:16:99454; 2026-01-02..2026-01-31:3:99445"
        << "99445 99453 99454";
    QTest::addRow("no period ends in December for an episode from December 3rd")
        << day(2025, 12, 3) << 2025 << 12 << "2025-12-03:16"
        << ""
        << "";
    QTest::addRow("period ending on the month's last day")
        << day(2026, 3, 2) << 2026 << 3 << "2026-03-02:16"
        << "2026-03-02..2026-03-31:16:99454"
        << "99453 99454";
    QTest::addRow("period ending on the next month's first day is not this month's")
        << day(2026, 3, 3) << 2026 << 3 << "2026-03-03:16"
        << ""
        << "";
    QTest::addRow(
        "leap year: the period from 2028-02-01 ends on March 1st (and the next on the 31st)")
        << day(2028, 2, 1) << 2028 << 3 << "2028-02-14:16"
        << "2028-02-01..2028-03-01:16:99454; 2028-03-02..2028-03-31:0:"
        << "99453 99454";
    QTest::addRow("without a leap day the same period ends on March 2nd")
        << day(2027, 2, 1) << 2027 << 3 << "2027-02-14:16"
        << "2027-02-01..2027-03-02:16:99454"
        << "99453 99454";
    QTest::addRow("the leap day is a day like any other")
        << day(2028, 2, 15) << 2028 << 3 << "2028-02-28:2"
        << "2028-02-15..2028-03-15:2:99445"
        << "99445 99453";
    QTest::addRow("a period crossing the year end is reported in January")
        << day(2025, 12, 15) << 2026 << 1 << "2025-12-20:16"
        << "2025-12-15..2026-01-13:16:99454"
        << "99453 99454";
    QTest::addRow("readings before the episode start never count")
        << day(2026, 3, 1) << 2026 << 3 << "2026-02-20:9;2026-03-01:15"
        << "2026-03-01..2026-03-30:15:99445"
        << "99445 99453";
    QTest::addRow("monitoring starting after the month: no period")
        << day(2026, 4, 2) << 2026 << 3 << "2026-04-02:16"
        << ""
        << "";
}

void TestRulesEngine::devicePeriods()
{
    QFETCH(Date, episodeStart);
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(QString, readingRuns);
    QFETCH(QString, periods);
    QFETCH(QString, codes);
    MonthFacts f = fx::month(year, month, episodeStart);
    for (const QString &run : readingRuns.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList parts = run.split(QLatin1Char(':'));
        addDays(f, *parseDate(parts[0].toStdString()), parts[1].toInt());
    }
    const Decision d = evaluate(f);
    QVERIFY2(d.ok(), d.error.c_str());
    QCOMPARE(periodsText(d), periods);
    QCOMPARE(fx::codes(d), codes);
}

void TestRulesEngine::blocks_data()
{
    QTest::addColumn<QString>("block");
    QTest::addColumn<QString>("codes");
    QTest::addColumn<QString>("reason");

    QTest::addRow("nothing blocks: device, set-up and management codes")
        << ""
        << "99453 99454 99457"
        << "99454: 16 days with automatic readings";
    QTest::addRow("no consent on file: nothing is billable")
        << "consent"
        << ""
        << "no consent on file — nothing is billable";
    QTest::addRow("not an established patient: nothing is billable")
        << "established"
        << ""
        << "not an established patient of the billing practitioner";
    QTest::addRow("enrolled in RTM: nothing is billable") << "rtm"
                                                          << ""
                                                          << "RPM and RTM are mutually exclusive";
    QTest::addRow("device codes billed by another practitioner: management only")
        << "device"
        << "99457"
        << "device codes already billed by another practitioner";
}

void TestRulesEngine::blocks()
{
    QFETCH(QString, block);
    QFETCH(QString, codes);
    QFETCH(QString, reason);
    MonthFacts f = fullMonth();
    if (block == QLatin1String("consent"))
        f.episode.consent = false;
    else if (block == QLatin1String("established"))
        f.episode.establishedPatient = false;
    else if (block == QLatin1String("rtm"))
        f.episode.rtmEnrolled = true;
    else if (block == QLatin1String("device"))
        f.episode.deviceBilledByOther = true;
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), codes);
    QVERIFY2(hasReason(d, reason), qPrintable(allReasons(d)));
    // Figures are still reported; the period's code only when billable.
    QCOMPARE(qint64(d.managementSeconds), qint64(1500));
    QCOMPARE(d.devicePeriods.at(0).days, 16);
    QCOMPARE(d.devicePeriods.at(0).code.empty(), !block.isEmpty());
    if (!block.isEmpty() && block != QLatin1String("device"))
        QVERIFY2(
            hasReason(d, QStringLiteral("withheld although otherwise met: 99453, 99454, 99457")),
            qPrintable(allReasons(d)));
}

void TestRulesEngine::contactModes_data()
{
    QTest::addColumn<ContactMode>("mode");
    QTest::addColumn<bool>("completed");
    QTest::addColumn<Counterpart>("with");
    QTest::addColumn<bool>("interactive");

    const Counterpart patient = Counterpart::Patient;
    const Counterpart caregiver = Counterpart::Caregiver;
    QTest::addRow("completed phone call with the patient")
        << ContactMode::Phone << true << patient << true;
    QTest::addRow("completed video call with the patient")
        << ContactMode::Video << true << patient << true;
    QTest::addRow("completed phone call with a caregiver")
        << ContactMode::Phone << true << caregiver << true;
    QTest::addRow("completed video call with a caregiver")
        << ContactMode::Video << true << caregiver << true;
    QTest::addRow("phone call that did not connect")
        << ContactMode::Phone << false << patient << false;
    QTest::addRow("video call that did not connect")
        << ContactMode::Video << false << patient << false;
    QTest::addRow("sms does not count") << ContactMode::Sms << true << patient << false;
    QTest::addRow("portal chat does not count") << ContactMode::Portal << true << patient << false;
    QTest::addRow("e-mail does not count") << ContactMode::Email << true << patient << false;
    QTest::addRow("voicemail does not count") << ContactMode::Voicemail << true << patient << false;
    QTest::addRow("automated call does not count")
        << ContactMode::Automated << true << patient << false;
}

void TestRulesEngine::contactModes()
{
    QFETCH(ContactMode, mode);
    QFETCH(bool, completed);
    QFETCH(Counterpart, with);
    QFETCH(bool, interactive);
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    addTime(f, at(day(2025, 6, 3), 9), 1200);
    addCall(f, at(day(2025, 6, 3), 9, 5), mode, completed, with);
    const Decision d = evaluate(f);
    QCOMPARE(d.interactiveContact, interactive);
    QCOMPARE(fx::codes(d), interactive ? QStringLiteral("99457") : QString());
    if (!interactive)
        QVERIFY2(hasReason(d, QStringLiteral("no live call in June")), qPrintable(allReasons(d)));
}

void TestRulesEngine::timeExclusions_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("role");
    QTest::addColumn<bool>("counts");

    QTest::addRow("RPM time by an RN counts") << "RPM"
                                              << "RN" << true;
    QTest::addRow("RPM time by an LPN counts") << "RPM"
                                               << "LPN" << true;
    QTest::addRow("RPM time by an MA counts") << "RPM"
                                              << "MA" << true;
    QTest::addRow("RPM time by the physician counts") << "RPM"
                                                      << "MD" << true;
    QTest::addRow("RPM time by an NP counts") << "RPM"
                                              << "NP" << true;
    QTest::addRow("CCM time does not count") << "CCM"
                                             << "RN" << false;
    QTest::addRow("PCM time does not count") << "PCM"
                                             << "RN" << false;
    QTest::addRow("TCM time does not count") << "TCM"
                                             << "RN" << false;
    QTest::addRow("BHI time does not count") << "BHI"
                                             << "RN" << false;
    QTest::addRow("RTM time does not count") << "RTM"
                                             << "RN" << false;
    QTest::addRow("front desk (ADMIN) time does not count") << "RPM"
                                                            << "ADMIN" << false;
    QTest::addRow("billing staff time does not count") << "RPM"
                                                       << "BILLER" << false;
    QTest::addRow("practice manager time does not count") << "RPM"
                                                          << "MANAGER" << false;
}

void TestRulesEngine::timeExclusions()
{
    QFETCH(QString, program);
    QFETCH(QString, role);
    QFETCH(bool, counts);
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    addTime(f, at(day(2025, 6, 3), 9), 1200, program.toStdString(), role.toStdString());
    addCall(f, at(day(2025, 6, 3), 9, 5));
    const Decision d = evaluate(f);
    QCOMPARE(qint64(d.managementSeconds), qint64(counts ? 1200 : 0));
    QCOMPARE(fx::codes(d), counts ? QStringLiteral("99457") : QString());
    if (!counts)
        QVERIFY2(hasReason(d, QStringLiteral("time not counted in June: 20:00")),
                 qPrintable(allReasons(d)));
}

void TestRulesEngine::ccmTimeNeverCountsTwice()
{
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    addTime(f, at(day(2025, 6, 3), 9), 1200, "RPM");
    addTime(f, at(day(2025, 6, 4), 9), 1200, "CCM");
    addTime(f, at(day(2025, 6, 5), 9), 1200, "RPM", "ADMIN");
    addCall(f, at(day(2025, 6, 3), 9, 5));
    const Decision d = evaluate(f);
    QCOMPARE(qint64(d.managementSeconds), qint64(1200));
    QCOMPARE(fx::codes(d), QStringLiteral("99457"));
    QVERIFY2(hasReason(d, QStringLiteral("20:00 under other programs than RPM, 20:00 by "
                                         "non-clinical staff")),
             qPrintable(allReasons(d)));
}

void TestRulesEngine::billingProvider_data()
{
    QTest::addColumn<QString>("provider");
    QTest::addColumn<bool>("billable");

    for (const char *role : {"MD", "DO", "NP", "PA", "CNS", "CNM"})
        QTest::addRow("%s may bill", role) << role << true;
    for (const char *role : {"RN", "LPN", "MA", "ADMIN", "BILLER", "MANAGER"})
        QTest::addRow("%s cannot bill", role) << role << false;
    QTest::addRow("no billing provider") << "" << false;
}

void TestRulesEngine::billingProvider()
{
    QFETCH(QString, provider);
    QFETCH(bool, billable);
    MonthFacts f = fullMonth();
    f.billingProvider = provider.toStdString();
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), billable ? QStringLiteral("99453 99454 99457") : QString());
    if (!billable)
        QVERIFY2(hasReason(d, QStringLiteral("nothing is billable")), qPrintable(allReasons(d)));
}

void TestRulesEngine::setupOncePerEpisode_data()
{
    QTest::addColumn<Date>("episodeStart");
    QTest::addColumn<int>("firstPeriodDays");
    QTest::addColumn<int>("secondPeriodDays");
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<bool>("setupBilled");
    QTest::addColumn<QString>("codes");

    QTest::addRow("first qualifying period: set-up in May")
        << day(2025, 5, 2) << 16 << 16 << 2025 << 5 << false << "99453 99454";
    QTest::addRow("second qualifying period: no second set-up in June")
        << day(2025, 5, 2) << 16 << 16 << 2025 << 6 << false << "99454";
    QTest::addRow("first period short of 16 days: set-up waits for June")
        << day(2025, 5, 2) << 10 << 16 << 2025 << 6 << false << "99453 99454";
    QTest::addRow("set-up already billed: never again")
        << day(2025, 5, 2) << 10 << 16 << 2025 << 6 << true << "99454";
    QTest::addRow("CY2025 period with 5 days did not qualify; CY2026 one with 5 does")
        << day(2025, 12, 2) << 5 << 5 << 2026 << 1 << false << "99445 99453";
    QTest::addRow("CY2026: an earlier 2-day period already took the set-up")
        << day(2026, 1, 1) << 2 << 16 << 2026 << 3 << false << "99454";
}

void TestRulesEngine::setupOncePerEpisode()
{
    QFETCH(Date, episodeStart);
    QFETCH(int, firstPeriodDays);
    QFETCH(int, secondPeriodDays);
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(bool, setupBilled);
    QFETCH(QString, codes);
    MonthFacts f = fx::month(year, month, episodeStart);
    f.episode.setupBilled = setupBilled;
    addDays(f, episodeStart, firstPeriodDays);
    addDays(f, episodeStart.addDays(30), secondPeriodDays);
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), codes);
    if (codes == QLatin1String("99454") && !setupBilled)
        QVERIFY2(hasReason(d, QStringLiteral("set-up is billed once per episode")),
                 qPrintable(allReasons(d)));
}

void TestRulesEngine::addOnUnitCap_data()
{
    QTest::addColumn<int>("cap"); // -1: the rule set's default
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("codes");

    QTest::addRow("default cap: 80 minutes earn two 99458") << -1 << 4800LL << "99457 99458x2";
    QTest::addRow("payer cap 0: no 99458") << 0 << 4800LL << "99457";
    QTest::addRow("payer cap 1: one 99458") << 1 << 4800LL << "99457 99458";
    QTest::addRow("payer cap 3: three 99458 at 80 minutes") << 3 << 4800LL << "99457 99458x3";
    QTest::addRow("payer cap 3: 79:59 is still two") << 3 << 4799LL << "99457 99458x2";
}

void TestRulesEngine::addOnUnitCap()
{
    QFETCH(int, cap);
    QFETCH(qint64, seconds);
    QFETCH(QString, codes);
    MonthFacts f = fx::month(2026, 3, day(2026, 3, 1));
    if (cap >= 0)
        f.addOnUnitCap = cap;
    addTime(f, at(day(2026, 3, 3), 8), seconds);
    addCall(f, at(day(2026, 3, 3), 8, 5));
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), codes);
    if (cap == -1)
        QVERIFY2(hasReason(d, QStringLiteral("99458 ×2: 80:00 of RPM time in March; capped at 2")),
                 qPrintable(allReasons(d)));
}

void TestRulesEngine::sameFactsUnderEachYear_data()
{
    QTest::addColumn<QString>("ruleSet"); // empty: by date (March 2026 -> CY2026)
    QTest::addColumn<int>("days");
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QString>("codes");

    QTest::addRow("5 days, 12 minutes under CY2025: nothing") << "CY2025" << 5 << 720LL << "";
    QTest::addRow("5 days, 12 minutes under CY2026: 99445, set-up, 99470")
        << "CY2026" << 5 << 720LL << "99445 99453 99470";
    QTest::addRow("5 days, 12 minutes by date (CY2026)") << "" << 5 << 720LL << "99445 99453 99470";
    QTest::addRow("16 days, 25 minutes under CY2025")
        << "CY2025" << 16 << 1500LL << "99453 99454 99457";
    QTest::addRow("16 days, 25 minutes under CY2026")
        << "CY2026" << 16 << 1500LL << "99453 99454 99457";
}

void TestRulesEngine::sameFactsUnderEachYear()
{
    QFETCH(QString, ruleSet);
    QFETCH(int, days);
    QFETCH(qint64, seconds);
    QFETCH(QString, codes);
    MonthFacts f = fx::month(2026, 3, day(2026, 3, 1));
    if (!ruleSet.isEmpty())
        f.ruleSet = ruleSet.toStdString();
    addDays(f, day(2026, 3, 1), days);
    addTime(f, at(day(2026, 3, 3), 9), seconds);
    addCall(f, at(day(2026, 3, 3), 9, 5));
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), codes);
    QCOMPARE(QString::fromStdString(d.ruleSet),
             ruleSet.isEmpty() ? QStringLiteral("CY2026") : ruleSet);
}

void TestRulesEngine::ruleSetChosenByDate_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<QString>("ruleSet");

    QTest::addRow("June 2025 is CY2025") << 2025 << 6 << "CY2025";
    QTest::addRow("December 2025 is CY2025") << 2025 << 12 << "CY2025";
    QTest::addRow("January 2026 is CY2026") << 2026 << 1 << "CY2026";
    QTest::addRow("February 2028 is the newest set") << 2028 << 2 << "CY2026";
    QTest::addRow("2024 falls back to the earliest set") << 2024 << 6 << "CY2025";
}

void TestRulesEngine::ruleSetChosenByDate()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(QString, ruleSet);
    const Decision d = evaluate(fx::month(year, month, day(year, month, 1)));
    QCOMPARE(QString::fromStdString(d.ruleSet), ruleSet);
    QCOMPARE(d.year, year);
    QCOMPARE(d.month, month);
}

void TestRulesEngine::overlappingTime_data()
{
    QTest::addColumn<QString>("staffA");
    QTest::addColumn<QString>("staffB");
    QTest::addColumn<int>("bOffsetMinutes"); // B starts this long after A (both 20 min)
    QTest::addColumn<QString>("programB");
    QTest::addColumn<bool>("flagA"); // A overlaps another patient's time
    QTest::addColumn<qint64>("counted");
    QTest::addColumn<bool>("warning");

    QTest::addRow("separate entries both count") << "n1"
                                                 << "n1" << 60 << "RPM" << false << 2400LL << false;
    QTest::addRow("touching entries both count") << "n1"
                                                 << "n1" << 20 << "RPM" << false << 2400LL << false;
    QTest::addRow("same staff overlapping 10 min: the overlap counts for neither")
        << "n1"
        << "n1" << 10 << "RPM" << false << 1200LL << true;
    QTest::addRow("same staff, identical entries: nothing counts")
        << "n1"
        << "n1" << 0 << "RPM" << false << 0LL << true;
    QTest::addRow("different staff may overlap") << "n1"
                                                 << "n2" << 10 << "RPM" << false << 2400LL << false;
    QTest::addRow("RPM overlapping the same staff's CCM entry loses the overlap")
        << "n1"
        << "n1" << 10 << "CCM" << false << 600LL << true;
    QTest::addRow("no staff id: overlap cannot be detected")
        << ""
        << "" << 10 << "RPM" << false << 2400LL << false;
    QTest::addRow("flagged as overlapping another patient: counts for neither")
        << "n1"
        << "n1" << 60 << "RPM" << true << 1200LL << true;
}

void TestRulesEngine::overlappingTime()
{
    QFETCH(QString, staffA);
    QFETCH(QString, staffB);
    QFETCH(int, bOffsetMinutes);
    QFETCH(QString, programB);
    QFETCH(bool, flagA);
    QFETCH(qint64, counted);
    QFETCH(bool, warning);
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    addTime(f, at(day(2025, 6, 3), 10), 1200, "RPM", "RN", staffA.toStdString())
        .overlapsOtherPatient = flagA;
    addTime(f, at(day(2025, 6, 3), 10, bOffsetMinutes), 1200, programB.toStdString(), "RN",
            staffB.toStdString());
    addCall(f, at(day(2025, 6, 3), 10, 5));
    const Decision d = evaluate(f);
    QCOMPARE(qint64(d.managementSeconds), qint64(counted));
    QCOMPARE(hasReason(d, QStringLiteral("compliance warning")), warning);
}

void TestRulesEngine::overlapsUseRealTimeAcrossDst_data()
{
    QTest::addColumn<qint64>("secondInstantOffset"); // real seconds after the first entry
    QTest::addColumn<qint64>("counted");
    QTest::addColumn<bool>("warning");
    // 2026-11-01, New York: 01:10 EDT and 01:10 EST are one real hour apart.
    QTest::addRow("01:10 EDT and 01:10 EST are different moments: both count")
        << 3600LL << 3000LL << false;
    QTest::addRow("the same real moment logged twice: the overlap counts for neither")
        << 0LL << 0LL << true;
}

void TestRulesEngine::overlapsUseRealTimeAcrossDst()
{
    QFETCH(qint64, secondInstantOffset);
    QFETCH(qint64, counted);
    QFETCH(bool, warning);
    MonthFacts f = fx::month(2026, 11, day(2026, 11, 1));
    const std::int64_t firstInstant = 1'793'509'800; // 2026-11-01T05:10:00Z = 01:10 EDT
    addTime(f, at(day(2026, 11, 1), 1, 10), 1500, "RPM", "RN", "n1").instant = firstInstant;
    addTime(f, at(day(2026, 11, 1), 1, 10), 1500, "RPM", "RN", "n1").instant =
        firstInstant + secondInstantOffset;
    addCall(f, at(day(2026, 11, 2), 10));
    const Decision d = evaluate(f);
    QCOMPARE(qint64(d.managementSeconds), counted);
    QCOMPARE(hasReason(d, QStringLiteral("compliance warning")), warning);
}

void TestRulesEngine::reasons_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<QString>("reason");

    QTest::addRow("time and call missing, month closed")
        << "17:40"
        << "99457: 17:40 of 20:00 — 2:20 more and a live call needed (month closed)";
    QTest::addRow("time and call missing, month open")
        << "17:40 open"
        << "99457: 17:40 of 20:00 — 2:20 more and a live call needed; 9 days left in June — "
           "still reachable";
    QTest::addRow("days missing, still reachable")
        << "11 days, June 22"
        << "99454: 11 of 16 days in 2025-06-01..2025-06-30; 9 days left "
           "in this period — still reachable";
    QTest::addRow("days missing, no longer reachable")
        << "11 days, June 27"
        << "99454: 11 of 16 days in 2025-06-01..2025-06-30; 4 days left "
           "in this period — no longer reachable";
    QTest::addRow("days missing, period closed")
        << "11 days"
        << "99454: 11 of 16 days in 2025-06-01..2025-06-30 (period closed)";
    QTest::addRow("99457 granted names the time and the call")
        << "20:00"
        << "99457: 20:00 of RPM time in June (20:00 needed) and a live call (phone "
           "with the patient on 2025-06-03)";
    QTest::addRow("99458 next unit")
        << "43:00"
        << "99458 ×1: 43:00 of RPM time in June; unit 2 needs 60:00 (17:00 more)";
    QTest::addRow("99453 granted") << "16 days"
                                   << "99453: set-up and patient education — the episode's first "
                                      "period with 16+ days (2025-06-01..2025-06-30)";
    QTest::addRow("no period ends this month")
        << "mid-month start"
        << "device codes: no 30-day period ends in June (period 2025-06-15..2025-07-14 is "
           "reported in July)";
    QTest::addRow("consent block") << "no consent"
                                   << "no consent on file — nothing is billable";
}

void TestRulesEngine::reasons()
{
    QFETCH(QString, scenario);
    QFETCH(QString, reason);
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    if (scenario.startsWith(QLatin1String("17:40"))) {
        addTime(f, at(day(2025, 6, 3), 9), 17 * 60 + 40);
        if (scenario.endsWith(QLatin1String("open")))
            f.asOf = day(2025, 6, 22);
    } else if (scenario.startsWith(QLatin1String("11 days"))) {
        addDays(f, day(2025, 6, 1), 11);
        if (scenario.endsWith(QLatin1String("22")))
            f.asOf = day(2025, 6, 22);
        if (scenario.endsWith(QLatin1String("27")))
            f.asOf = day(2025, 6, 27);
    } else if (scenario == QLatin1String("20:00") || scenario == QLatin1String("43:00")) {
        addTime(f, at(day(2025, 6, 3), 9), scenario.left(2).toInt() * 60);
        addCall(f, at(day(2025, 6, 3), 9, 5));
    } else if (scenario == QLatin1String("16 days")) {
        addDays(f, day(2025, 6, 1), 16);
    } else if (scenario == QLatin1String("mid-month start")) {
        f.episode.start = day(2025, 6, 15);
    } else if (scenario == QLatin1String("no consent")) {
        f.episode.consent = false;
    }
    const Decision d = evaluate(f);
    QVERIFY2(hasReason(d, reason), qPrintable(allReasons(d)));
}

void TestRulesEngine::unusableFacts_data()
{
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("error");

    QTest::addRow("month 13") << "month"
                              << "month:";
    QTest::addRow("unknown rule set id") << "rules"
                                         << "rules: unknown rule set \"CY2031\"";
    QTest::addRow("invalid episode start") << "episode"
                                           << "episode.start: invalid date";
    QTest::addRow("impossible reading date") << "reading"
                                             << "readings[1].date: invalid date";
    QTest::addRow("invalid time start") << "time"
                                        << "time[0].start: invalid date";
    QTest::addRow("invalid contact start") << "contact"
                                           << "contacts[0].start: invalid date";
}

void TestRulesEngine::unusableFacts()
{
    QFETCH(QString, problem);
    QFETCH(QString, error);
    MonthFacts f = fullMonth();
    if (problem == QLatin1String("month"))
        f.month = 13;
    else if (problem == QLatin1String("rules"))
        f.ruleSet = "CY2031";
    else if (problem == QLatin1String("episode"))
        f.episode.start = Date{2026, 2, 30};
    else if (problem == QLatin1String("reading"))
        f.readings[1].date = Date{2026, 2, 30};
    else if (problem == QLatin1String("time"))
        f.time[0].start.secondOfDay = 86400;
    else if (problem == QLatin1String("contact"))
        f.contacts[0].start.date = Date{};
    const Decision d = evaluate(f);
    QVERIFY(!d.ok());
    QVERIFY2(QString::fromStdString(d.error).startsWith(error), d.error.c_str());
    QVERIFY(d.codes.empty());
    QVERIFY(d.reasons.empty());
}

void TestRulesEngine::negativeSecondsCountAsZero()
{
    MonthFacts f = fx::month(2025, 6, day(2025, 6, 1));
    addTime(f, at(day(2025, 6, 3), 9), -600);
    addTime(f, at(day(2025, 6, 4), 9), 1200);
    addCall(f, at(day(2025, 6, 3), 9, 5));
    const Decision d = evaluate(f);
    QCOMPARE(qint64(d.managementSeconds), qint64(1200));
    QCOMPARE(fx::codes(d), QStringLiteral("99457"));
}

void TestRulesEngine::codesAreSorted()
{
    MonthFacts f = fx::month(2026, 1, day(2025, 12, 3));
    addDays(f, day(2025, 12, 3), 16);
    addDays(f, day(2026, 1, 2), 5);
    addTime(f, at(day(2026, 1, 5), 9), 3000);
    addCall(f, at(day(2026, 1, 5), 9));
    const Decision d = evaluate(f);
    QCOMPARE(fx::codes(d), QStringLiteral("99445 99453 99454 99457 99458"));
    QVERIFY(std::is_sorted(d.codes.begin(), d.codes.end(),
                           [](const CodeLine &a, const CodeLine &b) { return a.code < b.code; }));
    QCOMPARE(d.units("99458"), 1);
    QVERIFY(!d.hasCode("99470"));
}

QTEST_GUILESS_MAIN(TestRulesEngine)
#include "tst_rulesengine.moc"
