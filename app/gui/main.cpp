// vitaldesk: the desktop workstation.

#include <atomic>

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFutureWatcher>
#include <QIcon>
#include <QInputDialog>
#include <QMessageBox>
#include <QProgressDialog>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>

#include "store/clock.h"
#include "store/database.h"
#include "store/demopractice.h"
#include "store/patientrepository.h"
#include "store/settingsrepository.h"
#include "store/staffrepository.h"
#include "ui/mainwindow.h"

using namespace Qt::Literals::StringLiterals;

namespace {

// Creates the demo practice in a new file, showing progress. Returns an error message,
// empty on success. A cancelled or failed run leaves no file behind.
QString createDemoPractice(const QString &path)
{
    QProgressDialog dialog(QObject::tr("Creating the demo practice…"), QObject::tr("Cancel"), 0,
                           100);
    dialog.setWindowTitle(QObject::tr("VitalDesk — first start"));
    dialog.setMinimumDuration(0);
    dialog.setValue(0);

    std::atomic<int> percent{0};
    std::atomic<bool> cancelled{false};
    QFutureWatcher<QString> watcher;
    QEventLoop loop;
    QObject::connect(&watcher, &QFutureWatcher<QString>::finished, &loop, &QEventLoop::quit);
    QObject::connect(&dialog, &QProgressDialog::canceled, &dialog, [&] { cancelled = true; });
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &dialog, [&] { dialog.setValue(percent); });
    poll.start(100);

    watcher.setFuture(QtConcurrent::run([&]() -> QString {
        auto db = vd::Database::openSqlite(path);
        if (!db)
            return db.error();
        vd::DemoOptions options;
        const QDateTime local =
            QDateTime::currentDateTimeUtc().toTimeZone(QTimeZone(options.timeZone.toUtf8()));
        options.today = local.date();
        options.timeOfDay = local.time();
        auto summary = vd::generateDemoPractice(**db, options, [&](int done, int total) {
            percent = total > 0 ? done * 100 / total : 0;
            return !cancelled.load();
        });
        return summary ? QString() : summary.error();
    }));
    loop.exec();
    poll.stop();
    const QString error = watcher.result();
    if (!error.isEmpty()) {
        for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
            QFile::remove(path + suffix);
    }
    return error;
}

// The staff member working at this workstation, remembered between runs. Sign-in with
// passwords and roles replaces this choice.
std::optional<vd::StaffMember> chooseUser(vd::Database &db, const vd::Clock &clock)
{
    auto staff = vd::StaffRepository(db.connection(), clock).all();
    if (!staff || staff->empty())
        return std::nullopt;
    QSettings settings;
    const qint64 remembered = settings.value(u"session/staffId"_s).toLongLong();
    for (const vd::StaffMember &m : *staff)
        if (m.id == remembered && m.active)
            return m;
    QStringList names;
    std::vector<vd::StaffMember> clinical;
    for (const vd::StaffMember &m : *staff) {
        if (!m.active || m.credential == u"ADMIN"_s)
            continue;
        clinical.push_back(m);
        names << u"%1, %2"_s.arg(m.displayName, m.credential);
    }
    bool ok = false;
    const QString choice = QInputDialog::getItem(nullptr, QObject::tr("VitalDesk"),
                                                 QObject::tr("Who is working at this workstation?"),
                                                 names, 0, false, &ok);
    if (!ok)
        return std::nullopt;
    const vd::StaffMember chosen = clinical[size_t(names.indexOf(choice))];
    settings.setValue(u"session/staffId"_s, chosen.id);
    return chosen;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(u"VitalDesk"_s);
    QApplication::setApplicationName(u"vitaldesk"_s);
    QApplication::setApplicationDisplayName(u"VitalDesk"_s);
    QApplication::setApplicationVersion(QStringLiteral(VITALDESK_VERSION));
    QApplication::setWindowIcon(QIcon(u":/vitaldesk/icons/vitaldesk.svg"_s));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Remote patient monitoring workstation"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption dbOption(
        u"db"_s, u"Database file (default: vitaldesk.sqlite in the user's data folder)."_s,
        u"path"_s);
    parser.addOption(dbOption);
    const QCommandLineOption patientOption(
        u"patient"_s, u"Open this patient's record (by MRN) after start."_s, u"mrn"_s);
    parser.addOption(patientOption);
    parser.process(app);

    QString path = parser.value(dbOption);
    if (path.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        path = QDir(dir).filePath(u"vitaldesk.sqlite"_s);
    }

    if (!QFile::exists(path)) {
        const QString error = createDemoPractice(path);
        if (!error.isEmpty()) {
            QMessageBox::critical(
                nullptr, QObject::tr("VitalDesk"),
                QObject::tr("The demo practice could not be created:\n%1").arg(error));
            return 1;
        }
    }

    auto db = vd::Database::openSqlite(path);
    if (!db) {
        QMessageBox::critical(nullptr, QObject::tr("VitalDesk"),
                              QObject::tr("The database could not be opened:\n%1").arg(db.error()));
        return 1;
    }
    const vd::SystemClock &clock = vd::SystemClock::instance();
    const vd::SettingsRepository settings((*db)->connection(), clock);
    vd::ui::PracticeInfo practice{settings.practiceName(), settings.timeZone(), path};

    auto user = chooseUser(**db, clock);
    if (!user)
        return 0;
    vd::ui::MainWindow window(**db, practice, clock, *user);
    if (const QRect screen = window.screen()->availableGeometry(); screen.width() <= 1440)
        window.showMaximized();
    else
        window.show();
    if (const QString mrn = parser.value(patientOption); !mrn.isEmpty()) {
        auto patient = vd::PatientRepository((*db)->connection(), clock).byMrn(mrn);
        if (patient && *patient)
            window.openPatient((*patient)->id);
        else
            window.statusBar()->showMessage(QObject::tr("No patient with MRN %1").arg(mrn));
    }
    return app.exec();
}
