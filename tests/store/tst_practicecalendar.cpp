#include <QtTest>

#include "store/practicecalendar.h"

using namespace Qt::Literals::StringLiterals;

class TestPracticeCalendar : public QObject
{
    Q_OBJECT

private slots:
    void localDate_data();
    void localDate();
    void monthRangeCoversTheLocalMonth_data();
    void monthRangeCoversTheLocalMonth();
    void yearMonthParsing_data();
    void yearMonthParsing();
};

void TestPracticeCalendar::localDate_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QDateTime>("utc");
    QTest::addColumn<QDate>("expected");

    const auto utc = [](int y, int mo, int d, int h, int mi) {
        return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc());
    };
    QTest::addRow("New York evening is still the previous day")
        << "America/New_York"_ba << utc(2026, 3, 1, 3, 30) << QDate(2026, 2, 28);
    QTest::addRow("New York morning")
        << "America/New_York"_ba << utc(2026, 3, 1, 6, 0) << QDate(2026, 3, 1);
    QTest::addRow("Los Angeles new year's eve")
        << "America/Los_Angeles"_ba << utc(2027, 1, 1, 7, 59) << QDate(2026, 12, 31);
    QTest::addRow("Honolulu") << "Pacific/Honolulu"_ba << utc(2026, 7, 1, 9, 59)
                              << QDate(2026, 6, 30);
    QTest::addRow("UTC") << "UTC"_ba << utc(2026, 7, 1, 0, 0) << QDate(2026, 7, 1);
}

void TestPracticeCalendar::localDate()
{
    QFETCH(QByteArray, zone);
    QFETCH(QDateTime, utc);
    QFETCH(QDate, expected);
    const vd::PracticeCalendar cal{QTimeZone(zone)};
    QCOMPARE(cal.localDate(utc.toMSecsSinceEpoch()), expected);
}

void TestPracticeCalendar::monthRangeCoversTheLocalMonth_data()
{
    QTest::addColumn<int>("year");
    QTest::addColumn<int>("month");
    QTest::addColumn<qint64>("hours");

    QTest::addRow("March has a DST change: 31 days less one hour") << 2026 << 3 << qint64(743);
    QTest::addRow("November gains an hour") << 2026 << 11 << qint64(721);
    QTest::addRow("February 2028 has a leap day") << 2028 << 2 << qint64(696);
    QTest::addRow("June is plain") << 2026 << 6 << qint64(720);
}

void TestPracticeCalendar::monthRangeCoversTheLocalMonth()
{
    QFETCH(int, year);
    QFETCH(int, month);
    QFETCH(qint64, hours);
    const vd::PracticeCalendar cal{QTimeZone("America/New_York")};
    const vd::UtcRange r = cal.monthRange({year, month});
    QCOMPARE((r.endMs - r.startMs) / 3'600'000, hours);
    QCOMPARE(cal.localDate(r.startMs), QDate(year, month, 1));
    QCOMPARE(cal.localDate(r.endMs - 1), QDate(year, month, 1).addMonths(1).addDays(-1));
    QVERIFY(!r.contains(r.endMs));
}

void TestPracticeCalendar::yearMonthParsing_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addRow("plain") << u"2026-03"_s << true;
    QTest::addRow("month 13") << u"2026-13"_s << false;
    QTest::addRow("with day") << u"2026-03-01"_s << false;
    QTest::addRow("garbage") << u"march"_s << false;
}

void TestPracticeCalendar::yearMonthParsing()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const vd::YearMonth ym = vd::YearMonth::fromString(text);
    QCOMPARE(ym.isValid(), valid);
    if (valid)
        QCOMPARE(ym.toString(), text);
}

QTEST_GUILESS_MAIN(TestPracticeCalendar)
#include "tst_practicecalendar.moc"
