#include "cliutil.h"

namespace vd::cli {
using namespace Qt::Literals::StringLiterals;

std::optional<QString> takeOption(QStringList &args, const QString &name, QString *error)
{
    const qsizetype i = args.indexOf(name);
    if (i < 0)
        return std::nullopt;
    if (i + 1 >= args.size() || args.at(i + 1).startsWith(u"--"_s)) {
        *error = u"%1: a value is required"_s.arg(name);
        args.removeAt(i);
        return std::nullopt;
    }
    const QString value = args.at(i + 1);
    args.remove(i, 2);
    return value;
}

bool takeFlag(QStringList &args, const QString &name)
{
    return args.removeAll(name) > 0;
}

std::optional<QDate> parseDateOption(const QString &option, const QString &value, QString *error)
{
    const QDate d = QDate::fromString(value, Qt::ISODate);
    if (value.size() != 10 || !d.isValid()) {
        *error = u"%1: '%2' is not a date (expected YYYY-MM-DD)"_s.arg(option, value);
        return std::nullopt;
    }
    return d;
}

} // namespace vd::cli
