#pragma once

#include <vector>

#include <QDate>
#include <QFutureWatcher>
#include <QObject>

#include "billing/worklist.h"
#include "store/result.h"

namespace vd {
class Clock;
}

namespace vd::ui {

// Builds the worklist on a worker thread with its own database connection, so the UI
// never waits on the store.
class WorklistLoader : public QObject
{
    Q_OBJECT

public:
    WorklistLoader(QString databasePath, const Clock &clock, QObject *parent = nullptr);
    ~WorklistLoader() override;

    void load(QDate today);
    bool isLoading() const { return m_watcher.isRunning(); }

signals:
    void loaded(const std::vector<vd::billing::WorklistRow> &rows, QDate today);
    void failed(const QString &message);

private:
    using Outcome = Result<std::vector<billing::WorklistRow>>;

    QString m_path;
    const Clock &m_clock;
    QDate m_pendingDay;
    QFutureWatcher<Outcome> m_watcher;
};

} // namespace vd::ui
