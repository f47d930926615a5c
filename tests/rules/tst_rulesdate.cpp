// Civil dates and local date-times of the rules engine.

#include <QTest>

#include "rules/date.h"

using namespace vd::rules;

Q_DECLARE_METATYPE(vd::rules::Date)

class TestRulesDate : public QObject
{
    Q_OBJECT

private slots:
    void parseDate_data();
    void parseDate();
    void parseYearMonth_data();
    void parseYearMonth();
    void parseDateTime_data();
    void parseDateTime();
    void daysRoundTrip();
    void knownDayNumbers_data();
    void knownDayNumbers();
    void arithmetic_data();
    void arithmetic();
    void formatting();
    void ordering();
};

void TestRulesDate::parseDate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<Date>("expected");

    QTest::addRow("ordinary date") << "2026-03-15" << true << Date{2026, 3, 15};
    QTest::addRow("leap day 2028") << "2028-02-29" << true << Date{2028, 2, 29};
    QTest::addRow("leap day 2000 (divisible by 400)") << "2000-02-29" << true << Date{2000, 2, 29};
    QTest::addRow("no leap day 2027") << "2027-02-29" << false << Date{};
    QTest::addRow("no leap day 2100 (century)") << "2100-02-29" << false << Date{};
    QTest::addRow("impossible 2026-02-30") << "2026-02-30" << false << Date{};
    QTest::addRow("April has 30 days") << "2026-04-31" << false << Date{};
    QTest::addRow("month 13") << "2026-13-01" << false << Date{};
    QTest::addRow("month 00") << "2026-00-10" << false << Date{};
    QTest::addRow("day 00") << "2026-01-00" << false << Date{};
    QTest::addRow("year 0000") << "0000-01-01" << false << Date{};
    QTest::addRow("single-digit month") << "2026-3-15" << false << Date{};
    QTest::addRow("slashes") << "2026/03/15" << false << Date{};
    QTest::addRow("trailing time") << "2026-03-15T10:00" << false << Date{};
    QTest::addRow("sign") << "+026-03-15" << false << Date{};
    QTest::addRow("empty") << "" << false << Date{};
    QTest::addRow("last day of year") << "2025-12-31" << true << Date{2025, 12, 31};
}

void TestRulesDate::parseDate()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(Date, expected);
    const std::optional<Date> parsed = vd::rules::parseDate(text.toStdString());
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QVERIFY(*parsed == expected);
        QCOMPARE(QString::fromStdString(toString(*parsed)), text);
    }
}

void TestRulesDate::parseYearMonth_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");

    QTest::addRow("March 2026") << "2026-03" << true;
    QTest::addRow("December") << "2025-12" << true;
    QTest::addRow("month 13") << "2026-13" << false;
    QTest::addRow("month 0") << "2026-00" << false;
    QTest::addRow("full date") << "2026-03-01" << false;
    QTest::addRow("letters") << "2026-MA" << false;
}

void TestRulesDate::parseYearMonth()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const std::optional<Date> parsed = vd::rules::parseYearMonth(text.toStdString());
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QCOMPARE(parsed->day, 1);
        QCOMPARE(QString::fromStdString(toYearMonthString(parsed->year, parsed->month)), text);
    }
}

void TestRulesDate::parseDateTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("secondOfDay");

    QTest::addRow("with seconds") << "2026-03-02T10:00:05" << true << 36005;
    QTest::addRow("without seconds") << "2026-03-02T10:30" << true << 37800;
    QTest::addRow("midnight") << "2026-03-02T00:00:00" << true << 0;
    QTest::addRow("last second") << "2026-03-31T23:59:59" << true << 86399;
    QTest::addRow("hour 24") << "2026-03-02T24:00:00" << false << 0;
    QTest::addRow("minute 60") << "2026-03-02T10:60:00" << false << 0;
    QTest::addRow("leap second") << "2026-03-02T10:00:60" << false << 0;
    QTest::addRow("UTC offset Z") << "2026-03-02T10:00:00Z" << false << 0;
    QTest::addRow("numeric offset") << "2026-03-02T10:00:00-05:00" << false << 0;
    QTest::addRow("space separator") << "2026-03-02 10:00:00" << false << 0;
    QTest::addRow("impossible date") << "2026-02-30T10:00:00" << false << 0;
    QTest::addRow("fraction") << "2026-03-02T10:00:00.5" << false << 0;
}

void TestRulesDate::parseDateTime()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, secondOfDay);
    const std::optional<LocalDateTime> parsed = vd::rules::parseDateTime(text.toStdString());
    QCOMPARE(parsed.has_value(), valid);
    if (valid) {
        QCOMPARE(parsed->secondOfDay, secondOfDay);
        QVERIFY(parsed->isValid());
    }
}

void TestRulesDate::daysRoundTrip()
{
    // Every day from 1899 to 2101 survives days <-> civil, and days are consecutive.
    Date d{1899, 1, 1};
    std::int32_t n = d.toDays();
    for (int i = 0; i < 202 * 366; ++i) {
        QVERIFY2(d.isValid(), toString(d).c_str());
        QCOMPARE(d.toDays(), n);
        QVERIFY(Date::fromDays(n) == d);
        // next civil day by hand
        Date next = d;
        if (++next.day > daysInMonth(next.year, next.month)) {
            next.day = 1;
            if (++next.month > 12) {
                next.month = 1;
                ++next.year;
            }
        }
        d = next;
        ++n;
    }
}

void TestRulesDate::knownDayNumbers_data()
{
    QTest::addColumn<Date>("date");
    QTest::addColumn<int>("days");

    QTest::addRow("Unix epoch") << Date{1970, 1, 1} << 0;
    QTest::addRow("day before epoch") << Date{1969, 12, 31} << -1;
    QTest::addRow("2000-03-01") << Date{2000, 3, 1} << 11017;
    QTest::addRow("2026-01-01") << Date{2026, 1, 1} << 20454;
    QTest::addRow("2028-02-29") << Date{2028, 2, 29} << 21243;
}

void TestRulesDate::knownDayNumbers()
{
    QFETCH(Date, date);
    QFETCH(int, days);
    QCOMPARE(date.toDays(), days);
}

void TestRulesDate::arithmetic_data()
{
    QTest::addColumn<Date>("from");
    QTest::addColumn<int>("add");
    QTest::addColumn<Date>("expected");

    QTest::addRow("30-day period across February 2026")
        << Date{2026, 2, 14} << 29 << Date{2026, 3, 15};
    QTest::addRow("30-day period across leap February 2028")
        << Date{2028, 2, 1} << 29 << Date{2028, 3, 1};
    QTest::addRow("30-day period across February 2027")
        << Date{2027, 2, 1} << 29 << Date{2027, 3, 2};
    QTest::addRow("year end") << Date{2025, 12, 31} << 1 << Date{2026, 1, 1};
    QTest::addRow("backwards over leap day") << Date{2028, 3, 1} << -1 << Date{2028, 2, 29};
    QTest::addRow("a leap year") << Date{2028, 1, 1} << 366 << Date{2029, 1, 1};
}

void TestRulesDate::arithmetic()
{
    QFETCH(Date, from);
    QFETCH(int, add);
    QFETCH(Date, expected);
    QVERIFY2(from.addDays(add) == expected, toString(from.addDays(add)).c_str());
    QCOMPARE(from.daysTo(expected), add);
}

void TestRulesDate::formatting()
{
    QCOMPARE(QString::fromStdString(toString(Date{2026, 3, 5})), QStringLiteral("2026-03-05"));
    QCOMPARE(QString::fromStdString(toString(LocalDateTime{Date{2026, 3, 5}, 3723})),
             QStringLiteral("2026-03-05T01:02:03"));
    QCOMPARE(QString::fromStdString(toYearMonthString(2026, 3)), QStringLiteral("2026-03"));
    const LocalDateTime t{Date{2025, 12, 31}, 86399};
    QVERIFY(LocalDateTime::fromSeconds(t.toSeconds() + 1) == (LocalDateTime{Date{2026, 1, 1}, 0}));
    QVERIFY(LocalDateTime::fromSeconds(-1) == (LocalDateTime{Date{1969, 12, 31}, 86399}));
    QCOMPARE((Date{2026, 2, 10}.lastOfMonth().day), 28);
    QCOMPARE((Date{2028, 2, 10}.lastOfMonth().day), 29);
    QCOMPARE((Date{2026, 12, 10}.lastOfMonth().day), 31);
}

void TestRulesDate::ordering()
{
    QVERIFY((Date{2025, 12, 31}) < (Date{2026, 1, 1}));
    QVERIFY((Date{2026, 1, 31}) < (Date{2026, 2, 1}));
    QVERIFY((Date{2026, 2, 1}) > (Date{2026, 1, 31}));
    QVERIFY((LocalDateTime{Date{2026, 1, 1}, 5}) < (LocalDateTime{Date{2026, 1, 1}, 6}));
    QVERIFY(!Date{}.isValid());
}

QTEST_GUILESS_MAIN(TestRulesDate)
#include "tst_rulesdate.moc"
