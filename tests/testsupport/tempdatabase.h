#pragma once

#include <memory>

#include <QTemporaryDir>

#include "store/database.h"
#include "store/records.h"

namespace vd::test {

// A fresh, migrated SQLite database in a temporary folder, removed afterwards.
class TempDatabase
{
public:
    TempDatabase();

    bool isValid() const { return m_db != nullptr; }
    QString error() const { return m_error; }
    QString path() const { return m_path; }
    Database &db() { return *m_db; }
    QSqlDatabase connection() const { return m_db->connection(); }
    // Closes and opens the file again (as a restart would).
    bool reopen();

private:
    QTemporaryDir m_dir;
    QString m_path;
    QString m_error;
    std::unique_ptr<Database> m_db;
};

} // namespace vd::test
