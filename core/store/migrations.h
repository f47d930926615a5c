#pragma once

#include <QStringList>

#include "database.h"

namespace vd {

// Schema migration N (1-based) as a list of statements for the given dialect.
// Migrations are append-only: a released migration is never edited.
QStringList migrationStatements(int version, SqlDialect dialect);
int migrationCount();

} // namespace vd
