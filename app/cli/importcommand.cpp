// vitaldesk-cli import: device readings (FHIR R4 JSON, NDJSON, CSV) into the store.

#include <cstdio>

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#ifdef Q_OS_WIN
#include <io.h>
#else
#include <unistd.h>
#endif

#include "billing/readingimport.h"
#include "cliutil.h"
#include "commands.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/patientrepository.h"
#include "store/settingsrepository.h"
#include "store/staffrepository.h"

namespace vd::cli {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kShownDetails = 20;         // per list in the text summary
constexpr int kJsonDetails = 1000;        // per list in --json
constexpr int kReportDetails = 1'000'000; // rejected readings listed in a --partial report

int rejectedArguments(Io io, const QString &message)
{
    io.err << "vitaldesk-cli import: " << message << '\n'
           << "usage: vitaldesk-cli import --db PATH [--patient MRN] [--source device|manual] "
              "[--partial] [--rejects PATH] [--json] FILE...\n";
    return 2;
}

bool stderrIsTerminal()
{
#ifdef Q_OS_WIN
    return _isatty(_fileno(stderr)) != 0;
#else
    return isatty(fileno(stderr)) != 0;
#endif
}

// The staff member an import from the command line is recorded under: the practice's
// administrator account (the first active ADMIN), else the first active staff member.
std::optional<StaffMember> commandLineActor(Database &db)
{
    auto staff = StaffRepository(db.connection(), SystemClock::instance()).all();
    if (!staff)
        return std::nullopt;
    std::optional<StaffMember> first;
    for (const StaffMember &m : *staff) {
        if (!m.active)
            continue;
        if (m.credential == u"ADMIN"_s)
            return m;
        if (!first || m.id < first->id)
            first = m;
    }
    return first;
}

QJsonObject issueJson(const ingest::Issue &issue)
{
    return QJsonObject{
        {u"file"_s, issue.file},
        {u"location"_s, issue.location.isNull() ? QString() : issue.location.toString()},
        {u"reason"_s, issue.reason}};
}

QJsonArray issuesJson(const std::vector<ingest::Issue> &issues)
{
    QJsonArray out;
    for (std::size_t i = 0; i < issues.size() && i < std::size_t(kJsonDetails); ++i)
        out.append(issueJson(issues[i]));
    return out;
}

QString issueText(const ingest::Issue &issue)
{
    return issue.location.isNull() ? issue.file + u": "_s + issue.reason : issue.toString();
}

QString csvField(const QString &text)
{
    if (!text.contains(u',') && !text.contains(u'"') && !text.contains(u'\n'))
        return text;
    return u'"' + QString(text).replace(u"\""_s, u"\"\""_s) + u'"';
}

// file,location,reason - one line per rejected record.
QString writeRejectsReport(const QString &path, const billing::ImportSummary &summary)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text))
        return file.errorString();
    QByteArray text = "file,location,reason\n";
    for (const ingest::Issue &issue : summary.rejectedDetails) {
        text += csvField(issue.file).toUtf8() + ',' +
                csvField(issue.location.isNull() ? QString() : issue.location.toString()).toUtf8() +
                ',' + csvField(issue.reason).toUtf8() + '\n';
    }
    file.write(text);
    return file.commit() ? QString() : file.errorString();
}

QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', ms < 10'000 ? 2 : 1);
}

void printText(Io io, const billing::ImportSummary &s, qint64 noDataAlerts,
               const QString &rejectsPath, bool partial)
{
    for (const billing::ImportFileSummary &f : s.files) {
        io.out << f.name << " (" << f.format << "): ";
        if (!f.fatalError.isEmpty())
            io.out << "not read: " << f.fatalError << '\n';
        else
            io.out << f.imported << " imported, " << f.duplicates << " duplicates, " << f.skipped
                   << " skipped, " << f.rejected << " rejected\n";
    }
    io.out << "imported:   " << s.imported << '\n'
           << "duplicates: " << s.duplicates << '\n'
           << "skipped:    " << s.skipped << '\n';
    for (auto it = s.skipReasons.cbegin(); it != s.skipReasons.cend(); ++it)
        io.out << "  " << it.key() << ": " << it.value() << '\n';
    io.out << "rejected:   " << s.rejected << '\n';
    for (std::size_t i = 0; i < s.rejectedDetails.size() && i < std::size_t(kShownDetails); ++i)
        io.out << "  " << issueText(s.rejectedDetails[i]) << '\n';
    if (s.rejected > kShownDetails)
        io.out << "  ... " << (s.rejected - kShownDetails) << " more\n";
    if (!s.warnings.isEmpty()) {
        io.out << "warnings:\n";
        for (const QString &w : s.warnings)
            io.out << "  " << w << '\n';
    }
    if (s.committed)
        io.out << "alerts:     " << s.alertsRaised << " for new readings, " << noDataAlerts
               << " for patients without readings\n";
    if (!rejectsPath.isEmpty())
        io.out << "rejected records listed in " << rejectsPath << '\n';
    if (s.rejected > 0 && !partial)
        io.out << "nothing was imported: the database is unchanged. Correct the rejected "
                  "records, or import the valid ones with --partial.\n";
    io.out << "elapsed:    " << seconds(s.elapsedMs) << " s\n";
}

void printJson(Io io, const billing::ImportSummary &s, qint64 noDataAlerts,
               const QString &rejectsPath)
{
    QJsonArray files;
    for (const billing::ImportFileSummary &f : s.files) {
        QJsonObject o{{u"file"_s, f.name},         {u"format"_s, f.format},
                      {u"imported"_s, f.imported}, {u"duplicates"_s, f.duplicates},
                      {u"skipped"_s, f.skipped},   {u"rejected"_s, f.rejected},
                      {u"alerts"_s, f.alerts}};
        if (!f.fatalError.isEmpty())
            o.insert(u"error"_s, f.fatalError);
        files.append(o);
    }
    QJsonObject skipReasons;
    for (auto it = s.skipReasons.cbegin(); it != s.skipReasons.cend(); ++it)
        skipReasons.insert(it.key(), it.value());
    const QJsonObject details{
        {u"committed"_s, s.committed},
        {u"files"_s, files},
        {u"skip_reasons"_s, skipReasons},
        {u"skipped"_s, issuesJson(s.skippedDetails)},
        {u"rejected"_s, issuesJson(s.rejectedDetails)},
        {u"warnings"_s, QJsonArray::fromStringList(s.warnings)},
        {u"alerts_raised"_s, s.alertsRaised},
        {u"no_data_alerts"_s, noDataAlerts},
        {u"rejects_report"_s, rejectsPath.isEmpty() ? QJsonValue() : QJsonValue(rejectsPath)},
        {u"elapsed_ms"_s, s.elapsedMs},
    };
    const QJsonObject root{{u"imported"_s, s.imported},
                           {u"duplicates"_s, s.duplicates},
                           {u"skipped"_s, s.skipped},
                           {u"rejected"_s, s.rejected},
                           {u"details"_s, details}};
    io.out << QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace

int runImport(const QStringList &arguments, Io io)
{
    QStringList args = arguments;
    if (args.contains(u"--help"_s) || args.contains(u"-h"_s)) {
        io.out << "usage: vitaldesk-cli import --db PATH [--patient MRN] [--source device|manual]"
                  " [--partial] [--rejects PATH] [--json] FILE...\n"
                  "Imports device readings from FHIR R4 JSON (resource, Bundle, NDJSON) and CSV "
                  "files.\nAll or nothing: when a record is rejected nothing is imported (exit "
                  "2); --partial imports the valid records and lists the rejected ones in "
                  "--rejects (default FILE.rejects.csv beside the first file).\n";
        return 0;
    }
    QString error;
    const auto dbPath = takeOption(args, u"--db"_s, &error);
    const auto patient = takeOption(args, u"--patient"_s, &error);
    const auto source = takeOption(args, u"--source"_s, &error);
    const auto rejects = takeOption(args, u"--rejects"_s, &error);
    const bool partial = takeFlag(args, u"--partial"_s);
    const bool json = takeFlag(args, u"--json"_s);
    if (!error.isEmpty())
        return rejectedArguments(io, error);
    for (const QString &a : std::as_const(args)) {
        if (a.startsWith(u"--"_s))
            return rejectedArguments(io, u"unknown option '%1'"_s.arg(a));
    }
    if (!dbPath)
        return rejectedArguments(io, u"--db: the database file is required"_s);
    if (args.isEmpty())
        return rejectedArguments(io, u"no file to import"_s);
    billing::ImportOptions options;
    if (source) {
        if (*source == u"device"_s)
            options.source = ingest::Source::Device;
        else if (*source == u"manual"_s)
            options.source = ingest::Source::Manual;
        else
            return rejectedArguments(io, u"--source: '%1' is not device or manual"_s.arg(*source));
    }
    if (rejects && !partial)
        return rejectedArguments(io, u"--rejects: only with --partial"_s);
    if (patient && patient->trimmed().isEmpty())
        return rejectedArguments(io, u"--patient: an MRN is required"_s);
    for (const QString &file : std::as_const(args)) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly)) {
            io.err << "vitaldesk-cli import: " << file << ": cannot read (" << f.errorString()
                   << ")\n";
            return 1;
        }
    }
    if (!QFileInfo::exists(*dbPath)) {
        io.err << "vitaldesk-cli import: " << *dbPath << ": no such database\n";
        return 1;
    }
    auto db = Database::openSqlite(*dbPath);
    if (!db) {
        io.err << "vitaldesk-cli import: " << db.error() << '\n';
        return 1;
    }
    const std::optional<StaffMember> actor = commandLineActor(**db);
    if (!actor) {
        io.err << "vitaldesk-cli import: " << *dbPath << " has no staff account to record the "
               << "import under\n";
        return 1;
    }
    const SystemClock &clock = SystemClock::instance();
    if (patient) {
        options.patientMrn = *patient;
        auto found = PatientRepository((*db)->connection(), clock).byMrn(*patient);
        if (!found) {
            io.err << "vitaldesk-cli import: " << found.error() << '\n';
            return 1;
        }
        if (!*found) {
            io.err << "vitaldesk-cli import: --patient: no patient with MRN " << *patient << '\n';
            return 2;
        }
    }
    options.partial = partial;
    options.maxDetails = partial ? kReportDetails : kJsonDetails;
    const bool terminal = stderrIsTerminal() && !json;
    QElapsedTimer lastPrint;
    lastPrint.start();
    if (terminal) {
        options.progress = [&](qint64 done, qint64 total) {
            if (lastPrint.elapsed() >= 250 || done == total) {
                io.err << "\rimport: " << (total > 0 ? done * 100 / total : 100) << "%   ";
                io.err.flush();
                lastPrint.restart();
            }
            return true;
        };
    }

    billing::ReadingImporter importer(**db, clock, actor->id);
    Result<billing::ImportSummary> result = importer.run(args, options);
    if (terminal) {
        io.err << "\r              \r";
        io.err.flush();
    }
    if (!result) {
        io.err << "vitaldesk-cli import: " << result.error() << '\n';
        return 1;
    }
    const billing::ImportSummary &summary = *result;

    // Patients who have stopped transmitting, now that the new readings are in.
    qint64 noData = 0;
    if (summary.committed) {
        const QDate today =
            SettingsRepository((*db)->connection(), clock).calendar().localDate(clock.nowUtcMs());
        Result<qint64> raised = billing::raiseNoDataAlerts(**db, clock, actor->id, today);
        if (!raised)
            io.err << "vitaldesk-cli import: no-data alerts: " << raised.error() << '\n';
        else
            noData = *raised;
    }

    QString rejectsPath;
    if (partial && summary.rejected > 0) {
        rejectsPath = rejects.value_or(args.first() + u".rejects.csv"_s);
        if (const QString why = writeRejectsReport(rejectsPath, summary); !why.isEmpty()) {
            io.err << "vitaldesk-cli import: cannot write the rejects report " << rejectsPath
                   << ": " << why << '\n';
            rejectsPath.clear();
        }
    }
    if (json)
        printJson(io, summary, noData, rejectsPath);
    else
        printText(io, summary, noData, rejectsPath, partial);
    return summary.rejected > 0 ? 2 : 0;
}

} // namespace vd::cli
