#pragma once

// Runs the real vitaldesk-cli binary (path baked in at build time) for the CLI tests.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

namespace clitest {

struct CliResult
{
    int exitCode = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;
};

inline QString cliPath()
{
    return QString::fromUtf8(VITALDESK_CLI_PATH);
}

inline CliResult runCli(const QStringList &args)
{
    CliResult r;
    QProcess p;
    p.setProgram(cliPath());
    p.setArguments(args);
    p.start();
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    r.finished = p.waitForFinished(30000);
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace clitest
