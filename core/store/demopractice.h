#pragma once

#include <functional>

#include <QDate>
#include <QTime>
#include <QString>

#include "result.h"

namespace vd {

class Database;

// What the demo practice generator is asked for. The same options (seed, today and time
// zone included) always produce the same rows: same ids, values and instants.
struct DemoOptions
{
    int patients = 60;
    int months = 3; // calendar months ending with the month of `today` (under way)
    quint64 seed = 1;
    QDate today; // the demo's "today"; null = the current date in the practice zone
    // The demo's "now" on `today` (practice-local): nothing is later. The desktop app's
    // first start passes the current time so no reading lies in the future.
    QTime timeOfDay = QTime(12, 0);
    QString timeZone = QStringLiteral("America/Chicago");
    QString practiceName = QStringLiteral("Riverbend Family Medicine");

    static constexpr int kMaxPatients = 100'000;
    static constexpr int kMaxMonths = 36;

    // Checks ranges; the message names the field.
    Status validate() const;
};

// What was written.
struct DemoSummary
{
    QDate firstDay; // first day of the first demo month
    QDate today;
    qint64 nowUtcMs = 0; // the demo's "now": today at 12:00 practice time
    qint64 staff = 0;
    qint64 patients = 0;
    qint64 episodes = 0;
    qint64 devices = 0;
    qint64 readings = 0;
    qint64 timeEntries = 0;
    qint64 contacts = 0;
};

// Called as patients are written (done of total); returning false cancels.
using DemoProgress = std::function<bool(int done, int total)>;

// Fills an empty database with a synthetic practice: settings, staff, patients with RPM
// episodes and devices, readings, time entries and contacts. Deterministic for a given
// DemoOptions. The demo's "now" is `today` at 12:00 in the practice's time zone: nothing
// (reading, time entry, contact) is later than that, and every created_at is that
// instant. Everything is written in one transaction: on failure or cancellation nothing
// is left behind. Refuses a database that already holds staff or patients.
Result<DemoSummary> generateDemoPractice(Database &db, const DemoOptions &options,
                                         const DemoProgress &progress = {});

// The demo's "now" for a given today and practice time zone (12:00 local, as UTC ms).
qint64 demoNowUtcMs(QDate today, const QString &timeZone);

} // namespace vd
