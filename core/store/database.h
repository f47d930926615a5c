#pragma once

#include <memory>

#include <QSqlDatabase>
#include <QString>

#include "result.h"

namespace vd {

enum class SqlDialect
{
    SQLite,
    PostgreSQL
};

// One open connection to the VitalDesk store, migrated to the latest schema.
//
// Qt Sql connections belong to the thread that opened them: a worker thread opens its
// own Database (openSibling()) instead of sharing this one.
class Database
{
public:
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if missing) the SQLite file at path and migrates it to the latest
    // schema. Refuses a database written by a newer VitalDesk.
    static Result<std::unique_ptr<Database>> openSqlite(const QString &path);
    // A second connection to the same database, for use on another thread.
    Result<std::unique_ptr<Database>> openSibling() const;

    QSqlDatabase connection() const;
    SqlDialect dialect() const { return m_dialect; }
    QString path() const { return m_path; }
    int schemaVersion() const;

    static int latestSchemaVersion();

private:
    Database(QString connectionName, QString path, SqlDialect dialect);
    Status configure();
    Status migrate();

    QString m_connectionName;
    QString m_path;
    SqlDialect m_dialect;
};

// Rolls back unless commit() was called. Nests: inside an open transaction on the same
// connection it becomes a savepoint, so a repository method that is atomic on its own
// can also be part of a larger unit of work (an import, the demo generator).
class ScopedTransaction
{
public:
    explicit ScopedTransaction(QSqlDatabase db);
    ~ScopedTransaction();
    ScopedTransaction(const ScopedTransaction &) = delete;
    ScopedTransaction &operator=(const ScopedTransaction &) = delete;

    bool isActive() const { return m_active; }
    Status commit();

private:
    QSqlDatabase m_db;
    bool m_active = false;
    int m_depth = 0; // 0 = outermost (BEGIN/COMMIT), > 0 = savepoint
};

} // namespace vd
