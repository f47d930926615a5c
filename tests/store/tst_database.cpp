#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include "store/database.h"
#include "store/migrations.h"
#include "tempdatabase.h"

using namespace Qt::Literals::StringLiterals;

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void migratesAnEmptyFileToTheLatestSchema();
    void reopeningKeepsDataAndVersion();
    void pragmasAreInForce();
    void refusesADatabaseFromANewerVersion();
    void failedMigrationLeavesTheFileUntouched();
    void everyMigrationIsValidSql_data();
    void everyMigrationIsValidSql();
    void nestedTransactionsRollBackTheInnerPartOnly();
};

void TestDatabase::migratesAnEmptyFileToTheLatestSchema()
{
    vd::test::TempDatabase temp;
    QVERIFY2(temp.isValid(), qPrintable(temp.error()));
    QCOMPARE(temp.db().schemaVersion(), vd::Database::latestSchemaVersion());
    QVERIFY(vd::Database::latestSchemaVersion() >= 1);

    const QStringList tables = temp.connection().tables();
    for (const QString &table :
         {u"settings"_s, u"staff"_s, u"patients"_s, u"episodes"_s, u"episode_conditions"_s,
          u"devices"_s, u"readings"_s, u"time_entries"_s, u"contacts"_s, u"signoffs"_s,
          u"audit_log"_s, u"import_batches"_s})
        QVERIFY2(tables.contains(table), qPrintable(table));
}

void TestDatabase::reopeningKeepsDataAndVersion()
{
    vd::test::TempDatabase temp;
    QVERIFY(temp.isValid());
    {
        QSqlQuery q(temp.connection());
        QVERIFY(q.exec(u"INSERT INTO settings (key, value) VALUES ('k', 'v')"_s));
    }
    QVERIFY2(temp.reopen(), qPrintable(temp.error()));
    QCOMPARE(temp.db().schemaVersion(), vd::Database::latestSchemaVersion());
    QSqlQuery q(temp.connection());
    QVERIFY(q.exec(u"SELECT value FROM settings WHERE key = 'k'"_s));
    QVERIFY(q.next());
    QCOMPARE(q.value(0).toString(), u"v"_s);
}

void TestDatabase::pragmasAreInForce()
{
    vd::test::TempDatabase temp;
    QVERIFY(temp.isValid());
    QSqlQuery q(temp.connection());
    QVERIFY(q.exec(u"PRAGMA foreign_keys"_s) && q.next());
    QCOMPARE(q.value(0).toInt(), 1);
    QVERIFY(q.exec(u"PRAGMA journal_mode"_s) && q.next());
    QCOMPARE(q.value(0).toString(), u"wal"_s);
    QVERIFY(q.exec(u"PRAGMA busy_timeout"_s) && q.next());
    QVERIFY(q.value(0).toInt() >= 1000);

    // A foreign key violation is refused.
    QVERIFY(!q.exec(u"INSERT INTO episodes (patient_id, program, monitoring_start, created_at, "
                    "created_by) VALUES (999, 'RPM', '2026-01-01', 0, 999)"_s));
}

void TestDatabase::refusesADatabaseFromANewerVersion()
{
    QString path;
    vd::test::TempDatabase temp;
    QVERIFY(temp.isValid());
    {
        QSqlQuery q(temp.connection());
        QVERIFY(q.exec(u"PRAGMA user_version = %1"_s.arg(vd::Database::latestSchemaVersion() + 1)));
    }
    QVERIFY(!temp.reopen());
    QVERIFY2(temp.error().contains(u"newer VitalDesk"_s), qPrintable(temp.error()));
}

void TestDatabase::failedMigrationLeavesTheFileUntouched()
{
    // A file whose "staff" table already exists cannot take migration 1: the migration
    // must fail as a whole and leave the schema version at 0 and the table as it was.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"clash.sqlite"_s);
    {
        QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw"_s);
        raw.setDatabaseName(path);
        QVERIFY(raw.open());
        QSqlQuery q(raw);
        QVERIFY(q.exec(u"CREATE TABLE staff (x INTEGER)"_s));
        raw.close();
    }
    QSqlDatabase::removeDatabase(u"raw"_s);

    auto opened = vd::Database::openSqlite(path);
    QVERIFY(!opened);
    QVERIFY2(opened.error().contains(u"migration to schema 1"_s), qPrintable(opened.error()));

    QSqlDatabase raw = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"raw2"_s);
    raw.setDatabaseName(path);
    QVERIFY(raw.open());
    {
        QSqlQuery q(raw);
        QVERIFY(q.exec(u"PRAGMA user_version"_s) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QVERIFY(!raw.tables().contains(u"patients"_s));
    }
    raw.close();
    raw = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"raw2"_s);
}

void TestDatabase::everyMigrationIsValidSql_data()
{
    QTest::addColumn<int>("version");
    for (int v = 1; v <= vd::migrationCount(); ++v)
        QTest::addRow("migration %d", v) << v;
}

void TestDatabase::everyMigrationIsValidSql()
{
    QFETCH(int, version);
    const QStringList sqlite = vd::migrationStatements(version, vd::SqlDialect::SQLite);
    const QStringList pg = vd::migrationStatements(version, vd::SqlDialect::PostgreSQL);
    QVERIFY(!sqlite.isEmpty());
    QCOMPARE(pg.size(), sqlite.size());
    for (const QString &s : pg) {
        QVERIFY2(!s.contains(u"%ID%"_s), qPrintable(s));
        QVERIFY2(!s.contains(u"AUTOINCREMENT"_s, Qt::CaseInsensitive), qPrintable(s));
    }
}

void TestDatabase::nestedTransactionsRollBackTheInnerPartOnly()
{
    vd::test::TempDatabase temp;
    QVERIFY(temp.isValid());
    QSqlDatabase db = temp.connection();
    {
        vd::ScopedTransaction outer(db);
        QVERIFY(outer.isActive());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"INSERT INTO settings (key, value) VALUES ('outer', '1')"_s));
        {
            vd::ScopedTransaction inner(db);
            QVERIFY(inner.isActive());
            QVERIFY(q.exec(u"INSERT INTO settings (key, value) VALUES ('inner', '1')"_s));
            // not committed: rolled back to the savepoint
        }
        QVERIFY(outer.commit());
    }
    QSqlQuery q(db);
    QVERIFY(q.exec(u"SELECT key FROM settings ORDER BY key"_s));
    QStringList keys;
    while (q.next())
        keys << q.value(0).toString();
    QCOMPARE(keys, QStringList{u"outer"_s});
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
