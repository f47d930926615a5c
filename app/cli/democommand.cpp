// vitaldesk-cli demo: writes a synthetic practice into a new database file.

#include "commands.h"

#include <cstdio>
#include <limits>
#include <memory>

#include <QDate>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTimeZone>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

#include "store/database.h"
#include "store/demopractice.h"

namespace vd::cli {
using namespace Qt::Literals::StringLiterals;

namespace {

bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr)) != 0;
#else
    return isatty(fileno(stderr)) != 0;
#endif
}

int rejected(Io io, const QString &message)
{
    io.err << "vitaldesk-cli demo: " << message << '\n';
    return 2;
}

// Progress on stderr: one line rewritten in place on a terminal, a line per 10% otherwise
// (logs, CI).
class ProgressPrinter
{
public:
    ProgressPrinter(QTextStream &err, QString header)
        : m_err(err)
        , m_header(std::move(header))
        , m_terminal(stderrIsTerminal())
    {
        m_timer.start();
    }

    bool operator()(int done, int total)
    {
        // The header waits for the first report: a refused database prints no progress.
        if (!m_header.isEmpty()) {
            m_err << m_header << '\n';
            m_header.clear();
        }
        const int percent = total > 0 ? int(qint64(done) * 100 / total) : 100;
        if (m_terminal) {
            if (percent == m_lastPercent && m_timer.elapsed() - m_lastPrintMs < 250)
                return true;
            m_err << "\rdemo: " << done << '/' << total << " patients (" << percent << "%), "
                  << m_timer.elapsed() / 1000 << " s   ";
            if (done == total)
                m_err << '\n';
        } else {
            const int step = percent / 10;
            if (step == m_lastPercent / 10 && m_lastPercent >= 0)
                return true;
            m_err << "demo: " << percent << "% (" << done << '/' << total << " patients)\n";
        }
        m_err.flush();
        m_lastPercent = percent;
        m_lastPrintMs = m_timer.elapsed();
        return true;
    }

private:
    QTextStream &m_err;
    QString m_header;
    bool m_terminal;
    QElapsedTimer m_timer;
    int m_lastPercent = -1;
    qint64 m_lastPrintMs = 0;
};

void removeDatabaseFiles(const QString &path)
{
    for (const QString &suffix : {QString(), u"-wal"_s, u"-shm"_s, u"-journal"_s})
        QFile::remove(path + suffix);
}

} // namespace

int runDemo(const QStringList &args, Io io)
{
    DemoOptions options;
    QString dbPath;
    for (int i = 0; i < args.size(); ++i) {
        QString option = args.at(i);
        QString value;
        bool hasValue = false;
        if (option.startsWith(u"--"_s) && option.contains(u'=')) {
            const qsizetype eq = option.indexOf(u'=');
            value = option.mid(eq + 1);
            option = option.left(eq);
            hasValue = true;
        }
        const auto takeValue = [&]() {
            if (!hasValue && i + 1 < args.size()) {
                value = args.at(++i);
                hasValue = true;
            }
            return hasValue;
        };
        const auto wholeNumber = [&](int lo, int hi, int *out) {
            bool ok = false;
            const int n = value.toInt(&ok);
            if (!ok || n < lo || n > hi)
                return false;
            *out = n;
            return true;
        };

        if (option == u"--help"_s || option == u"-h"_s) {
            io.out << "usage: vitaldesk-cli demo --db PATH [--patients N] [--months M] [--seed S]"
                      " [--today YYYY-MM-DD] [--time-zone ZONE]\n"
                      "Writes a synthetic, deterministic practice into a new database file.\n";
            return 0;
        }
        if (!option.startsWith(u"--"_s))
            return rejected(io, u"unexpected argument '%1'"_s.arg(option));
        const bool known = option == u"--db"_s || option == u"--patients"_s ||
                           option == u"--months"_s || option == u"--seed"_s ||
                           option == u"--today"_s || option == u"--time-zone"_s;
        if (!known)
            return rejected(io, u"unknown option '%1'"_s.arg(option));
        if (!takeValue())
            return rejected(io, u"%1: a value is required"_s.arg(option));

        if (option == u"--db"_s) {
            if (value.isEmpty())
                return rejected(io, u"--db: a file path is required"_s);
            dbPath = value;
        } else if (option == u"--patients"_s) {
            if (!wholeNumber(1, DemoOptions::kMaxPatients, &options.patients))
                return rejected(
                    io, u"--patients: '%1' is not a whole number from 1 to %2"_s.arg(value).arg(
                            DemoOptions::kMaxPatients));
        } else if (option == u"--months"_s) {
            if (!wholeNumber(1, DemoOptions::kMaxMonths, &options.months))
                return rejected(
                    io, u"--months: '%1' is not a whole number from 1 to %2"_s.arg(value).arg(
                            DemoOptions::kMaxMonths));
        } else if (option == u"--seed"_s) {
            bool ok = false;
            options.seed = value.toULongLong(&ok);
            if (!ok)
                return rejected(io,
                                u"--seed: '%1' is not a whole number from 0 to %2"_s.arg(value).arg(
                                    std::numeric_limits<quint64>::max()));
        } else if (option == u"--today"_s) {
            const QDate date = QDate::fromString(value, Qt::ISODate);
            if (value.size() != 10 || !date.isValid())
                return rejected(io, u"--today: not a date (expected YYYY-MM-DD)"_s);
            options.today = date;
        } else if (option == u"--time-zone"_s) {
            if (!QTimeZone(value.toUtf8()).isValid())
                return rejected(io,
                                u"--time-zone: '%1' is not a known IANA time zone"_s.arg(value));
            options.timeZone = value;
        }
    }
    if (dbPath.isEmpty())
        return rejected(io, u"--db: required (the new database file)"_s);
    if (Status s = options.validate(); !s)
        return rejected(io, s.error());

    QElapsedTimer elapsed;
    elapsed.start();
    const bool existed = QFileInfo::exists(dbPath);
    Result<DemoSummary> summary = fail(QString());
    {
        Result<std::unique_ptr<Database>> db = Database::openSqlite(dbPath);
        if (!db) {
            io.err << "vitaldesk-cli demo: " << db.error() << '\n';
            return 1;
        }
        ProgressPrinter printer(
            io.err, u"demo: writing %1 patients x %2 months (seed %3) to %4"_s.arg(options.patients)
                        .arg(options.months)
                        .arg(options.seed)
                        .arg(dbPath));
        summary = generateDemoPractice(
            **db, options, [&printer](int done, int total) { return printer(done, total); });
    }
    if (!summary) {
        // Nothing was written (one transaction); a file this command created goes away.
        if (!existed)
            removeDatabaseFiles(dbPath);
        io.err << "vitaldesk-cli demo: " << summary.error() << '\n';
        return 1;
    }

    const DemoSummary &s = *summary;
    io.out << "demo practice written to " << dbPath << '\n'
           << "  practice:     " << options.practiceName << " (" << options.timeZone << ")\n"
           << "  period:       " << s.firstDay.toString(Qt::ISODate) << " to "
           << s.today.toString(Qt::ISODate) << " 12:00 (seed " << options.seed << ")\n"
           << "  staff:        " << s.staff << '\n'
           << "  patients:     " << s.patients << '\n'
           << "  episodes:     " << s.episodes << '\n'
           << "  devices:      " << s.devices << '\n'
           << "  readings:     " << s.readings << '\n'
           << "  time entries: " << s.timeEntries << '\n'
           << "  contacts:     " << s.contacts << '\n'
           << "  elapsed:      " << QString::number(double(elapsed.elapsed()) / 1000.0, 'f', 1)
           << " s\n";
    return 0;
}

} // namespace vd::cli
