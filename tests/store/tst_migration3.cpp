// Schema v3 (alert limits, alerts, acknowledgements): upgrades from every older version
// with that version's data intact, the tables' rules, and the readings' natural key.

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "fakeclock.h"
#include "store/alertrepository.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/readingrepository.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;

class TestMigration3 : public QObject
{
    Q_OBJECT

private slots:
    void upgradesFromEveryOlderVersion_data();
    void upgradesFromEveryOlderVersion();
    void alertTablesEnforceTheirRules();
    void readingsWithoutSourceIdDeduplicateByNaturalKey_data();
    void readingsWithoutSourceIdDeduplicateByNaturalKey();
    void deviceReadingWithoutRegisteredDeviceDoesNotQualify();

private:
    static bool buildAtVersion(const QString &path, int version, QString *error);
};

bool TestMigration3::buildAtVersion(const QString &path, int version, QString *error)
{
    const QString name = u"build3-v%1"_s.arg(version);
    bool ok = true;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        raw.setDatabaseName(path);
        if (!raw.open()) {
            *error = raw.lastError().text();
            ok = false;
        }
        QSqlQuery q(raw);
        const auto run = [&](const QString &sql) {
            if (ok && !q.exec(sql)) {
                *error = q.lastError().text() + u" in "_s + sql.simplified().left(80);
                ok = false;
            }
        };
        run(u"PRAGMA foreign_keys = ON"_s);
        for (int v = 1; v <= version; ++v) {
            for (const QString &sql : vd::migrationStatements(v, vd::SqlDialect::SQLite))
                run(sql);
        }
        run(u"PRAGMA user_version = %1"_s.arg(version));
        run(u"INSERT INTO staff (id, display_name, credential, username, created_at) "
            "VALUES (1, 'Admin', 'ADMIN', 'admin', 1700000000000)"_s);
        run(u"INSERT INTO staff (id, display_name, credential, npi, created_at, created_by) "
            "VALUES (2, 'Dr Who', 'MD', '1234567893', 1700000000000, 1)"_s);
        run(u"INSERT INTO patients (id, mrn, family_name, given_name, birth_date, created_at, "
            "created_by) VALUES (7, 'MRN-7', 'Adams', 'Ann', '1948-02-03', 1700000000000, 1)"_s);
        run(u"INSERT INTO devices (id, patient_id, kind, model, serial, fda_cleared, "
            "auto_transmit, assigned_on, created_at, created_by) VALUES (3, 7, 'bp_monitor', "
            "'Cuff', 'SN-1', 1, 1, '2025-06-01', 1700000000000, 1)"_s);
        run(u"INSERT INTO import_batches (id, started_at, staff_id, source_name, format, "
            "imported) VALUES (5, 1700000000000, 1, 'old.csv', 'csv', 2)"_s);
        run(u"INSERT INTO readings (id, patient_id, device_id, kind, value1, value2, unit, "
            "taken_at, source, external_source, external_id, batch_id, created_at, created_by) "
            "VALUES (11, 7, 3, 'bp', 190, 95, 'mm[Hg]', 1760000000000, 'device', 'vendor', 'o1', "
            "5, 1760000001000, 1)"_s);
        run(u"INSERT INTO readings (id, patient_id, kind, value1, unit, taken_at, source, "
            "created_at, created_by) VALUES (12, 7, 'heart_rate', 70, '/min', 1760000000000, "
            "'manual', 1760000001000, 1)"_s);
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

void TestMigration3::upgradesFromEveryOlderVersion_data()
{
    QTest::addColumn<int>("version");
    for (int v = 1; v < 3; ++v)
        QTest::addRow("from schema %d", v) << v;
}

void TestMigration3::upgradesFromEveryOlderVersion()
{
    QFETCH(int, version);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"old.sqlite"_s);
    QString error;
    QVERIFY2(buildAtVersion(path, version, &error), qPrintable(error));
    auto opened = vd::Database::openSqlite(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    vd::Database &db = **opened;
    QVERIFY(db.schemaVersion() >= 3);
    const QStringList tables = db.connection().tables();
    for (const QString &t : {u"alert_thresholds"_s, u"alerts"_s, u"alert_acks"_s})
        QVERIFY2(tables.contains(t), qPrintable(t));

    QSqlQuery q(db.connection());
    QVERIFY(q.exec(u"SELECT COUNT(*), SUM(value1) FROM readings"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    QCOMPARE(q.value(1).toDouble(), 260.0);
    QVERIFY(q.exec(u"SELECT source_name, imported FROM import_batches WHERE id = 5"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"old.csv"_s);

    // The new tables work through their repository; older readings have no alert yet.
    vd::test::FakeClock clock;
    vd::AlertRepository alerts(db.connection(), clock);
    QVERIFY(alerts.list()->empty());
    QVERIFY(!alerts.thresholds(7)->has_value());
    vd::StoredThresholds t;
    t.patientId = 7;
    t.systolicHigh = 170;
    QVERIFY2(alerts.setThresholds(2, t), "a physician sets limits");
    vd::Alert a;
    a.patientId = 7;
    a.readingId = 11;
    a.kind = u"bp_high"_s;
    a.severity = u"critical"_s;
    a.message = u"blood pressure 190/95 mm[Hg] above 170/120"_s;
    a.observedAtMs = 1760000000000;
    a.dedupeKey = vd::AlertRepository::readingKey(11);
    QCOMPARE(*alerts.raise(1, {a}), 1);
    QCOMPARE(alerts.openCounts()->value(7).total, 1);
}

void TestMigration3::alertTablesEnforceTheirRules()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v2.sqlite"_s);
    QString error;
    QVERIFY2(buildAtVersion(path, 2, &error), qPrintable(error));
    auto opened = vd::Database::openSqlite(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    QSqlQuery q((*opened)->connection());

    const QString alert = u"INSERT INTO alerts (patient_id, reading_id, kind, severity, message, "
                          "observed_at, raised_at, raised_by, dedupe_key) "
                          "VALUES (7, %1, '%2', '%3', 'm', 1, 1, 1, '%4')"_s;
    QVERIFY2(q.exec(alert.arg(u"11"_s, u"bp_high"_s, u"critical"_s, u"reading:11"_s)),
             qPrintable(q.lastError().text()));
    QVERIFY(!q.exec(alert.arg(u"11"_s, u"bp_high"_s, u"critical"_s, u"reading:11"_s))); // key
    QVERIFY(!q.exec(alert.arg(u"99"_s, u"bp_high"_s, u"critical"_s, u"reading:99"_s))); // FK
    QVERIFY(!q.exec(alert.arg(u"12"_s, u"fever"_s, u"critical"_s, u"reading:12"_s)));   // kind
    QVERIFY(!q.exec(alert.arg(u"12"_s, u"hr_low"_s, u"panic"_s, u"reading:12"_s)));     // severity
    QVERIFY(!q.exec(alert.arg(u"12"_s, u"no_data"_s, u"warning"_s, u"x"_s))); // no_data: no reading
    QVERIFY(!q.exec(alert.arg(u"NULL"_s, u"hr_low"_s, u"warning"_s, u"y"_s))); // reading needed
    QVERIFY(q.exec(alert.arg(u"NULL"_s, u"no_data"_s, u"warning"_s, u"no_data:7:0"_s)));

    const QString ack = u"INSERT INTO alert_acks (alert_id, staff_id, acknowledged_at, note) "
                        "VALUES (%1, %2, 1, '%3')"_s;
    QVERIFY(!q.exec(ack.arg(1).arg(1).arg(QString()))); // a note is required
    QVERIFY(q.exec(ack.arg(1).arg(1).arg(u"called"_s)));
    QVERIFY(!q.exec(ack.arg(1).arg(2).arg(u"again"_s))); // acknowledged once
    QVERIFY(!q.exec(ack.arg(99).arg(1).arg(u"no such alert"_s)));

    const QString limits =
        u"INSERT INTO alert_thresholds (patient_id, systolic_high, diastolic_high, glucose_low, "
        "glucose_very_low, glucose_high, spo2_low, heart_rate_low, heart_rate_high, "
        "no_reading_days, set_by, set_at) VALUES (7, 180, 120, %1, 54, 250, 92, 50, 100, %2, 2, "
        "1)"_s;
    QVERIFY2(q.exec(limits.arg(70).arg(3)), qPrintable(q.lastError().text()));
    QVERIFY(q.exec(limits.arg(70).arg(3)));   // history: more than one row per patient
    QVERIFY(!q.exec(limits.arg(300).arg(3))); // low glucose above high
    QVERIFY(!q.exec(limits.arg(70).arg(0)));  // at least one day
}

void TestMigration3::readingsWithoutSourceIdDeduplicateByNaturalKey_data()
{
    QTest::addColumn<bool>("native");
    QTest::addRow("QSqlQuery binding (portable)") << false;
    QTest::addRow("SQLite C API binding") << true;
}

void TestMigration3::readingsWithoutSourceIdDeduplicateByNaturalKey()
{
    QFETCH(bool, native);
    vd::ReadingRepository::setNativeBindingEnabled(native);
    const auto restore = qScopeGuard([] { vd::ReadingRepository::setNativeBindingEnabled(true); });
    vd::test::TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    vd::test::FakeClock clock;
    QSqlQuery q(temp.connection());
    QVERIFY(q.exec(u"INSERT INTO staff (id, display_name, credential, created_at) "
                   "VALUES (1, 'Admin', 'ADMIN', 1)"_s));
    QVERIFY(q.exec(u"INSERT INTO patients (id, mrn, family_name, given_name, birth_date, "
                   "created_at, created_by) VALUES (7, 'M', 'A', 'B', '1950-01-01', 1, 1)"_s));
    vd::ReadingRepository readings(temp.connection(), clock);
    if (native && !vd::ReadingRepository::usesNativeBinding(temp.connection()))
        QSKIP("this build binds through QSqlQuery only (VITALDESK_NATIVE_SQLITE off)");
    QCOMPARE(vd::ReadingRepository::usesNativeBinding(temp.connection()), native);
    vd::Reading r;
    r.patientId = 7;
    r.kind = u"heart_rate"_s;
    r.value1 = 70;
    r.unit = u"/min"_s;
    r.takenAtMs = 1760000000000;
    r.source = u"manual"_s;
    vd::Reading other = r;
    other.takenAtMs += 1000;
    qint64 duplicates = -1;
    QVERIFY(readings.insert(1, {r, r, other}, &duplicates));
    QCOMPARE(duplicates, 1);
    QCOMPARE(*readings.count(), 2);
    QVERIFY(q.exec(u"SELECT external_source, external_id FROM readings ORDER BY id"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"vitaldesk:natural"_s);
    QCOMPARE(q.value(1).toString(), u"7|0|heart_rate|1760000000000"_s);
    QCOMPARE(vd::ReadingRepository::naturalKey(r), q.value(1).toString());

    std::vector<std::pair<std::size_t, qint64>> ids;
    vd::Reading third = other;
    third.takenAtMs += 1000;
    vd::Reading withId = third;
    withId.externalSource = u"vendor"_s;
    withId.externalId = u"obs-1"_s;
    withId.value2 = 60; // stored as given
    auto stats = readings.write(1, std::vector<vd::Reading>{r, other, third, withId, withId},
                                [&](std::size_t index, qint64 id) { ids.emplace_back(index, id); });
    QVERIFY2(stats, qPrintable(stats.error()));
    QCOMPARE(stats->inserted, 2);
    QCOMPARE(stats->duplicates, 3);
    QCOMPARE(ids.size(), std::size_t(2));
    QCOMPARE(ids[0].first, std::size_t(2));
    QCOMPARE(ids[1].first, std::size_t(3));
    QVERIFY(q.exec(u"SELECT id, external_source, external_id, value2, batch_id, device_id "
                   "FROM readings ORDER BY id DESC"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), ids[1].second);
    QCOMPARE(q.value(1).toString(), u"vendor"_s);
    QCOMPARE(q.value(2).toString(), u"obs-1"_s);
    QCOMPARE(q.value(3).toDouble(), 60.0);
    QVERIFY(q.value(4).isNull());
    QVERIFY(q.value(5).isNull());
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toLongLong(), ids[0].second);
    QCOMPARE(q.value(2).toString(), u"7|0|heart_rate|1760000002000"_s);
    QVERIFY(q.value(3).isNull());

    // A constraint failure names the reading and leaves nothing of the call behind.
    vd::Reading bad = r;
    bad.takenAtMs += 9000;
    vd::Reading wrong = bad;
    wrong.takenAtMs += 1000;
    wrong.kind = u"mood"_s;
    auto refused = readings.write(1, std::vector<vd::Reading>{bad, wrong});
    QVERIFY(!refused);
    QVERIFY2(refused.error().contains(u"mood"_s), qPrintable(refused.error()));
    QCOMPARE(*readings.count(), 4);
}

void TestMigration3::deviceReadingWithoutRegisteredDeviceDoesNotQualify()
{
    vd::test::TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    vd::test::FakeClock clock;
    QSqlQuery q(temp.connection());
    QVERIFY(q.exec(u"INSERT INTO staff (id, display_name, credential, created_at) "
                   "VALUES (1, 'Admin', 'ADMIN', 1)"_s));
    QVERIFY(q.exec(u"INSERT INTO patients (id, mrn, family_name, given_name, birth_date, "
                   "created_at, created_by) VALUES (7, 'M', 'A', 'B', '1950-01-01', 1, 1)"_s));
    vd::ReadingRepository readings(temp.connection(), clock);
    vd::Reading r;
    r.patientId = 7;
    r.kind = u"heart_rate"_s;
    r.value1 = 70;
    r.unit = u"/min"_s;
    r.takenAtMs = 1760000000000;
    QVERIFY(readings.insert(1, {r}));
    std::vector<vd::ReadingInstant> seen;
    QVERIFY(readings.instants({0, r.takenAtMs + 1},
                              [&](const vd::ReadingInstant &i) { seen.push_back(i); }));
    QCOMPARE(seen.size(), std::size_t(1));
    QVERIFY(!seen[0].manual);
    QVERIFY(!seen[0].deviceQualifies);
}

QTEST_GUILESS_MAIN(TestMigration3)
#include "tst_migration3.moc"
