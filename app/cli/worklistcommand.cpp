#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "billing/worklist.h"
#include "cliutil.h"
#include "commands.h"
#include "store/clock.h"
#include "store/settingsrepository.h"

namespace vd::cli {
using namespace Qt::Literals::StringLiterals;

namespace {

QString minutes(qint64 seconds)
{
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

} // namespace

int runWorklist(const QStringList &arguments, Io io)
{
    QStringList args = arguments;
    QString error;
    const auto dbPath = takeOption(args, u"--db"_s, &error);
    const auto todayText = takeOption(args, u"--today"_s, &error);
    const bool json = takeFlag(args, u"--json"_s);
    if (error.isEmpty() && !args.isEmpty())
        error = u"unexpected argument '%1'"_s.arg(args.first());
    if (error.isEmpty() && !dbPath)
        error = u"--db: the database file is required"_s;
    std::optional<QDate> today;
    if (error.isEmpty() && todayText)
        today = parseDateOption(u"--today"_s, *todayText, &error);
    if (!error.isEmpty()) {
        io.err << "vitaldesk-cli worklist: " << error << '\n';
        return 2;
    }
    if (!QFileInfo::exists(*dbPath)) {
        io.err << "vitaldesk-cli worklist: " << *dbPath << ": no such database\n";
        return 1;
    }
    auto db = Database::openSqlite(*dbPath);
    if (!db) {
        io.err << "vitaldesk-cli worklist: " << db.error() << '\n';
        return 1;
    }
    const SystemClock &clock = SystemClock::instance();
    const PracticeCalendar calendar = SettingsRepository((*db)->connection(), clock).calendar();
    const QDate day = today.value_or(calendar.localDate(clock.nowUtcMs()));
    auto rows = billing::buildWorklist(**db, clock, day);
    if (!rows) {
        io.err << "vitaldesk-cli worklist: " << rows.error() << '\n';
        return 1;
    }

    if (json) {
        QJsonArray list;
        for (const billing::WorklistRow &r : *rows) {
            QJsonObject o{{u"mrn"_s, r.mrn},
                          {u"name"_s, r.name},
                          {u"month_seconds"_s, r.monthSeconds},
                          {u"live_call"_s, r.liveCall},
                          {u"device_days"_s, r.deviceDays},
                          {u"open_alerts"_s, r.openAlerts},
                          {u"status"_s, r.status},
                          {u"need"_s, r.need},
                          {u"priority"_s, r.priority},
                          {u"done"_s, r.doneThisMonth}};
            if (r.hasDevicePeriod) {
                o.insert(u"period_start"_s, r.periodStart.toString(Qt::ISODate));
                o.insert(u"period_end"_s, r.periodEnd.toString(Qt::ISODate));
            }
            if (r.lastReadingMs)
                o.insert(u"last_reading"_s,
                         QDateTime::fromMSecsSinceEpoch(*r.lastReadingMs, QTimeZone::utc())
                             .toString(Qt::ISODate));
            list.append(o);
        }
        io.out << QJsonDocument(
                      QJsonObject{{u"date"_s, day.toString(Qt::ISODate)}, {u"patients"_s, list}})
                      .toJson(QJsonDocument::Indented);
        return 0;
    }

    io.out << "Worklist for " << day.toString(Qt::ISODate) << " (" << rows->size()
           << " enrolled patients)\n";
    for (const billing::WorklistRow &r : *rows) {
        io.out << qSetFieldWidth(12) << Qt::left << r.mrn << qSetFieldWidth(28) << r.name.left(27)
               << qSetFieldWidth(8) << minutes(r.monthSeconds) << qSetFieldWidth(6)
               << (r.liveCall ? u"call"_s : u"-"_s) << qSetFieldWidth(8)
               << u"%1/%2"_s.arg(r.deviceDays).arg(r.deviceDaysTarget) << qSetFieldWidth(4)
               << r.openAlerts << qSetFieldWidth(0) << r.need << '\n';
    }
    return 0;
}

} // namespace vd::cli
