// Helper for tst_crashrecovery: runs a real stopwatch until it is killed.
//
//   stopwatch_child <database> <staff id> <patient id> <heartbeat ms>
//
// Prints "started" once the stopwatch runs, then spins the event loop (heartbeats) until
// the test kills it with SIGKILL.

#include <cstdio>

#include <QCoreApplication>
#include <QStringList>

#include "billing/stopwatch.h"
#include "store/clock.h"
#include "store/database.h"

using namespace Qt::Literals::StringLiterals;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    if (args.size() != 5) {
        std::fputs("usage: stopwatch_child <database> <staff> <patient> <heartbeat ms>\n", stderr);
        return 2;
    }
    auto db = vd::Database::openSqlite(args.at(1));
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error()));
        return 1;
    }
    vd::billing::Stopwatch stopwatch(**db, vd::SystemClock::instance(), args.at(2).toLongLong());
    stopwatch.setHeartbeatIntervalMs(args.at(4).toInt());
    QObject::connect(&stopwatch, &vd::billing::Stopwatch::error, &app, [](const QString &message) {
        std::fprintf(stderr, "heartbeat: %s\n", qPrintable(message));
    });
    if (auto started = stopwatch.start(args.at(3).toLongLong(), u"data_review"_s); !started) {
        std::fprintf(stderr, "%s\n", qPrintable(started.error()));
        return 1;
    }
    std::fputs("started\n", stdout);
    std::fflush(stdout);
    return QCoreApplication::exec();
}
