#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "fakeclock.h"
#include "store/database.h"
#include "store/migrations.h"
#include "store/timerjournal.h"

using namespace Qt::Literals::StringLiterals;

// Upgrades from every older schema version, with data written by that version.
class TestMigrations : public QObject
{
    Q_OBJECT

private slots:
    void upgradesAnOlderDatabaseWithItsDataIntact_data();
    void upgradesAnOlderDatabaseWithItsDataIntact();
    void journalTablesEnforceTheirRules();

private:
    // Builds a database at `version` by hand, as that release of VitalDesk left it.
    static bool buildAtVersion(const QString &path, int version, QString *error);
};

bool TestMigrations::buildAtVersion(const QString &path, int version, QString *error)
{
    const QString name = u"build-v%1"_s.arg(version);
    bool ok = true;
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        raw.setDatabaseName(path);
        if (!raw.open()) {
            *error = raw.lastError().text();
            ok = false;
        }
        QSqlQuery q(raw);
        auto run = [&](const QString &sql) {
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

        // Rows as schema v1 knows them.
        run(u"INSERT INTO settings (key, value) VALUES ('practice.name', 'Old Town Clinic')"_s);
        run(u"INSERT INTO staff (id, display_name, credential, username, created_at) "
            "VALUES (1, 'Admin', 'ADMIN', 'admin', 1700000000000)"_s);
        run(u"INSERT INTO staff (id, display_name, credential, created_at, created_by) "
            "VALUES (2, 'Rita Nurse', 'RN', 1700000000000, 1)"_s);
        run(u"INSERT INTO patients (id, mrn, family_name, given_name, birth_date, created_at, "
            "created_by) VALUES (7, 'MRN-000007', 'Adams', 'Ann', '1948-02-03', "
            "1700000000000, 1)"_s);
        run(u"INSERT INTO episodes (patient_id, program, monitoring_start, created_at, "
            "created_by) VALUES (7, 'RPM', '2025-06-01', 1700000000000, 1)"_s);
        run(u"INSERT INTO time_entries (id, patient_id, staff_id, started_at, seconds, activity, "
            "program, method, created_at, created_by) VALUES (11, 7, 2, 1760000000000, 1260, "
            "'call', 'RPM', 'timer', 1760000001000, 2)"_s);
        run(u"INSERT INTO audit_log (at, actor_id, action, entity, entity_id, detail, "
            "prev_hash, hash) VALUES (1, 1, 'create', 'staff', 2, '', 'x', 'y')"_s);
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
    return ok;
}

void TestMigrations::upgradesAnOlderDatabaseWithItsDataIntact_data()
{
    QTest::addColumn<int>("version");
    for (int v = 1; v < vd::migrationCount(); ++v)
        QTest::addRow("from schema %d", v) << v;
}

void TestMigrations::upgradesAnOlderDatabaseWithItsDataIntact()
{
    QFETCH(int, version);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"old.sqlite"_s);
    QString error;
    QVERIFY2(buildAtVersion(path, version, &error), qPrintable(error));

    auto opened = vd::Database::openSqlite(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    vd::Database &db = **opened;
    QCOMPARE(db.schemaVersion(), vd::Database::latestSchemaVersion());

    QSqlQuery q(db.connection());
    QVERIFY(q.exec(u"SELECT value FROM settings WHERE key = 'practice.name'"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"Old Town Clinic"_s);
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM staff"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 2);
    QVERIFY(q.exec(u"SELECT mrn, family_name FROM patients WHERE id = 7"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"MRN-000007"_s);
    QCOMPARE(q.value(1).toString(), u"Adams"_s);
    QVERIFY(q.exec(u"SELECT seconds, activity, method FROM time_entries WHERE id = 11"_s) &&
            q.next());
    QCOMPARE(q.value(0).toInt(), 1260);
    QCOMPARE(q.value(1).toString(), u"call"_s);
    QCOMPARE(q.value(2).toString(), u"timer"_s);
    QVERIFY(q.exec(u"SELECT COUNT(*) FROM audit_log"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);

    // The new tables are there and usable through their repository.
    const QStringList tables = db.connection().tables();
    QVERIFY(tables.contains(u"running_timers"_s));
    QVERIFY(tables.contains(u"running_timer_segments"_s));
    vd::test::FakeClock clock;
    vd::TimerJournal journal(db.connection(), clock);
    auto empty = journal.all();
    QVERIFY2(empty, qPrintable(empty.error()));
    QVERIFY(empty->empty());
}

void TestMigrations::journalTablesEnforceTheirRules()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"v1.sqlite"_s);
    QString error;
    QVERIFY2(buildAtVersion(path, 1, &error), qPrintable(error));
    auto opened = vd::Database::openSqlite(path);
    QVERIFY2(opened, qPrintable(opened.error()));
    QSqlQuery q((*opened)->connection());

    const QString insert =
        u"INSERT INTO running_timers (staff_id, patient_id, session, activity, program, state, "
        "started_at, segment_started_at, segment_seconds, heartbeat_at) "
        "VALUES (%1, %2, 's', '%3', 'RPM', '%4', 1, %5, 0, 1)"_s;
    QVERIFY2(q.exec(insert.arg(2).arg(7).arg(u"call"_s, u"running"_s, u"1"_s)),
             qPrintable(q.lastError().text()));
    // One stopwatch per staff member.
    QVERIFY(!q.exec(insert.arg(2).arg(7).arg(u"call"_s, u"running"_s, u"1"_s)));
    // Known staff and patients only; known activities and states only.
    QVERIFY(!q.exec(insert.arg(99).arg(7).arg(u"call"_s, u"running"_s, u"1"_s)));
    QVERIFY(!q.exec(insert.arg(1).arg(99).arg(u"call"_s, u"running"_s, u"1"_s)));
    QVERIFY(!q.exec(insert.arg(1).arg(7).arg(u"gossip"_s, u"running"_s, u"1"_s)));
    QVERIFY(!q.exec(insert.arg(1).arg(7).arg(u"call"_s, u"stopped"_s, u"1"_s)));
    // A running stopwatch has a running segment.
    QVERIFY(!q.exec(insert.arg(1).arg(7).arg(u"call"_s, u"running"_s, u"NULL"_s)));
    QVERIFY(q.exec(insert.arg(1).arg(7).arg(u"call"_s, u"paused"_s, u"NULL"_s)));

    QVERIFY(q.exec(u"INSERT INTO running_timer_segments (staff_id, seq, started_at, seconds, "
                   "activity) VALUES (2, 1, 1, 30, 'call')"_s));
    QVERIFY(!q.exec(u"INSERT INTO running_timer_segments (staff_id, seq, started_at, seconds, "
                    "activity) VALUES (2, 1, 1, 30, 'call')"_s)); // same seq
    QVERIFY(!q.exec(u"INSERT INTO running_timer_segments (staff_id, seq, started_at, seconds, "
                    "activity) VALUES (99, 1, 1, 30, 'call')"_s)); // no such stopwatch
    QVERIFY(!q.exec(u"INSERT INTO running_timer_segments (staff_id, seq, started_at, seconds, "
                    "activity) VALUES (2, 2, 1, -5, 'call')"_s));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
