#include <QtTest>

#include "billing/clinicalalerts.h"

using namespace Qt::Literals::StringLiterals;

class TestClinicalAlerts : public QObject
{
    Q_OBJECT

private slots:
    void checkReading_data();
    void checkReading();
};

void TestClinicalAlerts::checkReading_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<double>("v1");
    QTest::addColumn<double>("v2");
    QTest::addColumn<QStringList>("conditions");
    QTest::addColumn<int>("expected"); // -1 none, 0 warning, 1 critical

    const QStringList none;
    QTest::addRow("BP 180/120 is not a crisis") << u"bp"_s << 180.0 << 120.0 << none << -1;
    QTest::addRow("systolic 181 is a crisis") << u"bp"_s << 181.0 << 90.0 << none << 1;
    QTest::addRow("diastolic 121 is a crisis") << u"bp"_s << 150.0 << 121.0 << none << 1;
    QTest::addRow("glucose 71 is fine") << u"glucose"_s << 71.0 << 0.0 << none << -1;
    QTest::addRow("glucose 70 is level 1") << u"glucose"_s << 70.0 << 0.0 << none << 0;
    QTest::addRow("glucose 53 is level 2") << u"glucose"_s << 53.0 << 0.0 << none << 1;
    QTest::addRow("glucose 251 is very high") << u"glucose"_s << 251.0 << 0.0 << none << 0;
    QTest::addRow("SpO2 91 alerts") << u"spo2"_s << 91.0 << 0.0 << none << 1;
    QTest::addRow("SpO2 91 is expected in COPD")
        << u"spo2"_s << 91.0 << 0.0 << QStringList{u"J44.9"_s} << -1;
    QTest::addRow("SpO2 87 alerts in COPD")
        << u"spo2"_s << 87.0 << 0.0 << QStringList{u"J44.9"_s} << 1;
    QTest::addRow("heart rate 49") << u"heart_rate"_s << 49.0 << 0.0 << none << 0;
    QTest::addRow("heart rate 101") << u"heart_rate"_s << 101.0 << 0.0 << none << 0;
    QTest::addRow("heart rate 100") << u"heart_rate"_s << 100.0 << 0.0 << none << -1;
    QTest::addRow("battery never alerts") << u"battery"_s << 1.0 << 0.0 << none << -1;
}

void TestClinicalAlerts::checkReading()
{
    QFETCH(QString, kind);
    QFETCH(double, v1);
    QFETCH(double, v2);
    QFETCH(QStringList, conditions);
    QFETCH(int, expected);
    vd::Reading r;
    r.kind = kind;
    r.value1 = v1;
    if (kind == u"bp"_s)
        r.value2 = v2;
    const auto alert =
        vd::billing::checkReading(r, vd::billing::AlertThresholds::forConditions(conditions));
    QCOMPARE(alert.has_value(), expected >= 0);
    if (alert) {
        QCOMPARE(int(alert->severity), expected);
        QVERIFY(!alert->reason.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestClinicalAlerts)
#include "tst_clinicalalerts.moc"
