#include "database.h"

#include <atomic>

#include <QHash>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

#include "migrations.h"

Q_LOGGING_CATEGORY(lcStore, "vitaldesk.store")

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

QString nextConnectionName()
{
    static std::atomic<int> counter{0};
    return u"vitaldesk-%1"_s.arg(++counter);
}

Status exec(QSqlDatabase db, const QString &sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        return fail(u"database statement failed: %1 (%2)"_s.arg(q.lastError().text(),
                                                                sql.simplified().left(80)));
    return success();
}

} // namespace

Database::Database(QString connectionName, QString path, SqlDialect dialect)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
    , m_dialect(dialect)
{}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

int Database::latestSchemaVersion()
{
    return migrationCount();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

Result<std::unique_ptr<Database>> Database::openSqlite(const QString &path)
{
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(u"the Qt SQLite driver (QSQLITE) is not installed"_s);

    const QString name = nextConnectionName();
    std::unique_ptr<Database> database(new Database(name, path, SqlDialect::SQLite));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=5000"_s);
        if (!db.open())
            return fail(u"cannot open database %1: %2"_s.arg(path, db.lastError().text()));
    }
    if (Status s = database->configure(); !s)
        return fail(u"%1: %2"_s.arg(path, s.error()));
    if (Status s = database->migrate(); !s)
        return fail(u"%1: %2"_s.arg(path, s.error()));
    return database;
}

Result<std::unique_ptr<Database>> Database::openSibling() const
{
    return openSqlite(m_path);
}

Status Database::configure()
{
    QSqlDatabase db = connection();
    if (Status s = exec(db, u"PRAGMA foreign_keys = ON"_s); !s)
        return s;
    if (Status s = exec(db, u"PRAGMA busy_timeout = 5000"_s); !s)
        return s;
    // FULL: a committed heartbeat or time entry survives a power cut, not only a crash.
    if (Status s = exec(db, u"PRAGMA synchronous = FULL"_s); !s)
        return s;

    // Check the pragmas we rely on rather than assuming them.
    QSqlQuery fk(db);
    if (!fk.exec(u"PRAGMA foreign_keys"_s) || !fk.next() || fk.value(0).toInt() != 1)
        return fail(u"SQLite refused to enable foreign keys"_s);

    if (m_path != u":memory:"_s) {
        QSqlQuery wal(db);
        if (!wal.exec(u"PRAGMA journal_mode = WAL"_s) || !wal.next() ||
            wal.value(0).toString().compare(u"wal"_s, Qt::CaseInsensitive) != 0)
            return fail(u"SQLite refused write-ahead logging (is the folder read-only?)"_s);
    }
    return success();
}

int Database::schemaVersion() const
{
    QSqlQuery q(connection());
    if (!q.exec(u"PRAGMA user_version"_s) || !q.next())
        return -1;
    return q.value(0).toInt();
}

Status Database::migrate()
{
    const int current = schemaVersion();
    if (current < 0)
        return fail(u"cannot read the schema version"_s);
    if (current > latestSchemaVersion())
        return fail(u"the database was written by a newer VitalDesk (schema %1; this version "
                    "understands up to %2). Upgrade VitalDesk to open it."_s.arg(current)
                        .arg(latestSchemaVersion()));

    QSqlDatabase db = connection();
    for (int version = current + 1; version <= latestSchemaVersion(); ++version) {
        ScopedTransaction tx(db);
        if (!tx.isActive())
            return fail(u"cannot start the migration to schema %1"_s.arg(version));
        for (const QString &sql : migrationStatements(version, m_dialect)) {
            if (Status s = exec(db, sql); !s)
                return fail(u"migration to schema %1 failed: %2"_s.arg(version).arg(s.error()));
        }
        // Written last, inside the same transaction: a failed migration leaves the
        // previous version in place.
        if (Status s = exec(db, u"PRAGMA user_version = %1"_s.arg(version)); !s)
            return s;
        if (Status s = tx.commit(); !s)
            return fail(u"migration to schema %1 failed: %2"_s.arg(version).arg(s.error()));
        qCInfo(lcStore) << "migrated database schema to version" << version;
    }
    return success();
}

namespace {
// Open transaction depth per connection; connections are per thread.
thread_local QHash<QString, int> t_depth;
} // namespace

ScopedTransaction::ScopedTransaction(QSqlDatabase db)
    : m_db(std::move(db))
{
    int &depth = t_depth[m_db.connectionName()];
    if (depth == 0) {
        m_active = m_db.transaction();
    } else {
        QSqlQuery q(m_db);
        m_active = q.exec(u"SAVEPOINT vd_sp%1"_s.arg(depth));
    }
    if (m_active)
        m_depth = depth++;
}

ScopedTransaction::~ScopedTransaction()
{
    if (!m_active)
        return;
    if (m_depth == 0) {
        m_db.rollback();
    } else {
        QSqlQuery q(m_db);
        q.exec(u"ROLLBACK TO SAVEPOINT vd_sp%1"_s.arg(m_depth));
        q.exec(u"RELEASE SAVEPOINT vd_sp%1"_s.arg(m_depth));
    }
    t_depth[m_db.connectionName()] = m_depth;
}

Status ScopedTransaction::commit()
{
    if (!m_active)
        return fail(u"no transaction is open"_s);
    m_active = false;
    t_depth[m_db.connectionName()] = m_depth;
    if (m_depth > 0) {
        QSqlQuery q(m_db);
        if (!q.exec(u"RELEASE SAVEPOINT vd_sp%1"_s.arg(m_depth)))
            return fail(u"commit failed: %1"_s.arg(q.lastError().text()));
        return success();
    }
    if (!m_db.commit()) {
        const QString why = m_db.lastError().text();
        m_db.rollback();
        return fail(u"commit failed: %1"_s.arg(why));
    }
    return success();
}

} // namespace vd
