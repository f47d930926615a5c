#pragma once

#include <QStringList>
#include <QTextStream>

// One function per vitaldesk-cli command. args excludes the program and command names.
// Exit codes: 0 success, 1 operational failure (cannot open the database ...),
// 2 rejected input (malformed file, bad arguments).
namespace vd::cli {

struct Io
{
    QTextStream &out;
    QTextStream &err;
};

int runDemo(const QStringList &args, Io io);
int runEvaluate(const QStringList &args, Io io);
int runImport(const QStringList &args, Io io);
int runWorklist(const QStringList &args, Io io);

} // namespace vd::cli
