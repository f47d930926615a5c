#pragma once

#include <optional>

#include <QDate>
#include <QStringList>

#include "commands.h"

// Small argument helpers shared by the commands.
namespace vd::cli {

// Takes "--name VALUE" out of args; nullopt when absent. Sets *error when the option is
// present without a value.
std::optional<QString> takeOption(QStringList &args, const QString &name, QString *error);
bool takeFlag(QStringList &args, const QString &name);
// Parses YYYY-MM-DD; writes "OPTION: not a date (expected YYYY-MM-DD)" to *error.
std::optional<QDate> parseDateOption(const QString &option, const QString &value, QString *error);

} // namespace vd::cli
