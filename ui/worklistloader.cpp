#include "worklistloader.h"

#include <QtConcurrent/QtConcurrentRun>

#include "store/clock.h"
#include "store/database.h"

namespace vd::ui {

WorklistLoader::WorklistLoader(QString databasePath, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_path(std::move(databasePath))
    , m_clock(clock)
{
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, [this] {
        const Outcome outcome = m_watcher.result();
        if (outcome)
            emit loaded(outcome.value(), m_pendingDay);
        else
            emit failed(outcome.error());
    });
}

WorklistLoader::~WorklistLoader()
{
    m_watcher.waitForFinished();
}

void WorklistLoader::load(QDate today)
{
    if (m_watcher.isRunning())
        return;
    m_pendingDay = today;
    const QString path = m_path;
    const Clock *clock = &m_clock;
    m_watcher.setFuture(QtConcurrent::run([path, clock, today]() -> Outcome {
        auto db = Database::openSqlite(path); // this thread's own connection
        if (!db)
            return fail(db.error());
        return billing::buildWorklist(**db, *clock, today);
    }));
}

} // namespace vd::ui
