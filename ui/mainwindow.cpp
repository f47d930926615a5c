#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QButtonGroup>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QtConcurrent/QtConcurrentRun>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include "alertsview.h"
#include "billing/readingimport.h"
#include "billing/stopwatch.h"
#include "idlemonitor.h"
#include "importdialog.h"
#include "patientview.h"
#include "recoverydialog.h"
#include "stopwatchstatus.h"
#include "stopwatchwidget.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/practicecalendar.h"
#include "uistyle.h"
#include "worklistfilterproxy.h"
#include "worklistloader.h"
#include "worklistmodel.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

MainWindow::MainWindow(Database &db, PracticeInfo practice, const Clock &clock, StaffMember user,
                       QWidget *parent)
    : QMainWindow(parent)
    , m_db(db)
    , m_practice(std::move(practice))
    , m_clock(clock)
    , m_user(std::move(user))
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("%1 — VitalDesk").arg(m_practice.name));
    setWindowIcon(QIcon(u":/vitaldesk/icons/vitaldesk.svg"_s));

    m_model = new WorklistModel(this);
    m_proxy = new WorklistFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildWorklistPage());
    m_patientView = new PatientView(m_db, m_clock, m_user.id, m_practice.timeZone, m_stack);
    m_stack->addWidget(m_patientView);
    setCentralWidget(m_stack);
    connect(m_patientView, &PatientView::backRequested, this, &MainWindow::showWorklist);
    connect(m_patientView, &PatientView::recordsChanged, this, &MainWindow::refresh);
    m_alertsView = new AlertsView(m_db, m_clock, m_user, m_practice.timeZone, m_stack);
    m_stack->addWidget(m_alertsView);
    connect(m_alertsView, &AlertsView::patientRequested, this, &MainWindow::openPatient);
    connect(m_alertsView, &AlertsView::alertsChanged, this, &MainWindow::refresh);

    m_loader = new WorklistLoader(m_practice.databasePath, m_clock, this);
    connect(m_loader, &WorklistLoader::loaded, this,
            [this](const std::vector<billing::WorklistRow> &rows, QDate today) {
                m_model->setRows(rows, today, m_practice.timeZone);
                onLoaded(today);
            });
    connect(m_loader, &WorklistLoader::failed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("Could not load the worklist: %1").arg(message));
    });

    buildMenus();
    buildStopwatch();
    auto *practiceLabel =
        new QLabel(tr("%1 · %2, %3 · times in %4")
                       .arg(m_practice.name, m_user.displayName, m_user.credential,
                            QString::fromUtf8(m_practice.timeZone.id())),
                   this);
    practiceLabel->setObjectName(u"sessionLabel"_s);
    statusBar()->addPermanentWidget(practiceLabel);
    resize(1280, 720);
    refresh();
    runAlertUpkeep();
}

MainWindow::~MainWindow() = default;

QWidget *MainWindow::buildWorklistPage()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(12, 10, 12, 6);

    auto *header = new QHBoxLayout;
    m_heading = makeHeading(page, u"worklistHeading"_s);
    header->addWidget(m_heading);
    header->addStretch(1);
    m_count = new QLabel(page);
    m_count->setObjectName(u"worklistCount"_s);
    header->addWidget(m_count);
    header->addSpacing(8);
    m_search = new QLineEdit(page);
    m_search->setObjectName(u"worklistSearch"_s);
    m_search->setPlaceholderText(tr("Search name or MRN  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(240);
    header->addWidget(m_search);
    layout->addLayout(header);

    // Quick filters: the nurse's views of the shift.
    auto *filters = new QHBoxLayout;
    filters->setSpacing(4);
    m_filters = new QButtonGroup(this);
    m_filters->setExclusive(true);
    const std::pair<QString, WorklistFilterProxy::Filter> buttons[] = {
        {tr("All"), WorklistFilterProxy::Filter::All},
        {tr("Needs minutes"), WorklistFilterProxy::Filter::NeedsMinutes},
        {tr("Needs a live call"), WorklistFilterProxy::Filter::NeedsCall},
        {tr("Alerts open"), WorklistFilterProxy::Filter::AlertsOpen},
        {tr("Not transmitting"), WorklistFilterProxy::Filter::NotTransmitting},
        {tr("Done this month"), WorklistFilterProxy::Filter::Done},
    };
    int shortcut = 1;
    for (const auto &[label, filter] : buttons) {
        auto *button = new QToolButton(page);
        button->setText(label);
        button->setCheckable(true);
        button->setAutoRaise(false);
        button->setObjectName(u"filter_%1"_s.arg(int(filter)));
        button->setToolTip(tr("Alt+%1").arg(shortcut));
        button->setShortcut(QKeySequence(u"Alt+%1"_s.arg(shortcut++)));
        m_filters->addButton(button, int(filter));
        filters->addWidget(button);
    }
    m_filters->button(int(WorklistFilterProxy::Filter::All))->setChecked(true);
    connect(m_filters, &QButtonGroup::idClicked, this, [this](int id) {
        m_proxy->setFilter(WorklistFilterProxy::Filter(id));
        updateCount();
    });
    filters->addStretch(1);
    auto *hint = new QLabel(tr("Patients behind pace come first · Enter opens the record"), page);
    hint->setStyleSheet(u"color: gray;"_s);
    filters->addWidget(hint);
    layout->addLayout(filters);

    m_view = new QTableView(page);
    m_view->setObjectName(u"worklistView"_s);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(WorklistModel::PlanColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_view, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setSearchText(text);
        updateCount();
    });
    connect(m_view, &QTableView::activated, this, &MainWindow::openSelectedPatient);
    return page;
}

// The signed-in staff member's one stopwatch: on the patient record, in the status bar
// from every screen, journaled so a crash loses at most a heartbeat.
void MainWindow::buildStopwatch()
{
    m_stopwatch = new billing::Stopwatch(m_db, m_clock, m_user.id, this);
    m_stopwatchWidget = new StopwatchWidget(*m_stopwatch, m_db, m_clock, m_patientView);
    m_patientView->monthPanelLayout()->insertWidget(1, m_stopwatchWidget);
    m_stopwatchWidget->setIdleMonitor(new IdleMonitor(m_clock, this));
    connect(m_patientView, &PatientView::recordsChanged, m_stopwatchWidget,
            &StopwatchWidget::refreshProgress);
    connect(m_patientView, &PatientView::stopwatchSecondsRequested, this, [this](int *seconds) {
        *seconds = m_stopwatch->isActive() && m_stopwatch->patientId() == m_patientView->patientId()
                       ? int(m_stopwatch->elapsedSeconds())
                       : -1;
    });
    connect(m_stopwatch, &billing::Stopwatch::saved, this, [this] {
        refresh();
        if (m_stack->currentWidget() == m_patientView)
            m_patientView->reload();
    });

    auto *status = new StopwatchStatus(*m_stopwatch, this);
    statusBar()->addPermanentWidget(status);
    connect(status, &StopwatchStatus::openPatientRequested, this, &MainWindow::openPatient);

    auto *menu = new QMenu(tr("&Stopwatch"), this);
    menuBar()->insertMenu(menuBar()->actions().constLast(), menu); // before Help
    menu->addAction(m_stopwatchWidget->startStopAction());
    menu->addAction(m_stopwatchWidget->pauseResumeAction());

    // Time left running by a crash, a kill or a power cut is offered back at start.
    QTimer::singleShot(0, this, [this] {
        if (offerStopwatchRecovery(this, m_db, m_clock, m_user.id) == RecoveryOutcome::Saved)
            refresh();
    });
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_stopwatchWidget &&
        !m_stopwatchWidget->askToStop(
            tr("Stop the stopwatch and save its time before closing VitalDesk?"))) {
        event->ignore();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *refreshAction = file->addAction(tr("&Refresh"), this, &MainWindow::refresh);
    refreshAction->setShortcut(QKeySequence::Refresh);
    QAction *importAction =
        file->addAction(tr("&Import readings…"), this, &MainWindow::importReadings);
    importAction->setShortcut(QKeySequence(u"Ctrl+I"_s));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *worklist = view->addAction(tr("&Worklist"), this, &MainWindow::showWorklist);
    worklist->setShortcut(QKeySequence(u"Ctrl+1"_s));
    QAction *alerts = view->addAction(tr("&Alerts"), this, &MainWindow::showAlerts);
    alerts->setShortcut(QKeySequence(u"Ctrl+2"_s));
    QAction *find = view->addAction(tr("&Find patient"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        showWorklist();
        m_search->setFocus();
        m_search->selectAll();
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About VitalDesk"), this, &MainWindow::showAbout);
}

void MainWindow::refresh()
{
    const PracticeCalendar calendar(m_practice.timeZone);
    statusBar()->showMessage(tr("Loading worklist…"));
    m_loader->load(calendar.localDate(m_clock.nowUtcMs()));
}

void MainWindow::onLoaded(QDate today)
{
    m_heading->setText(tr("Worklist — %1").arg(QLocale().toString(today, u"MMMM yyyy"_s)));
    m_view->resizeColumnsToContents();
    statusBar()->showMessage(
        tr("Updated %1")
            .arg(QLocale().toString(m_clock.nowUtc().toTimeZone(m_practice.timeZone).time(),
                                    QLocale::ShortFormat)),
        5000);
    updateCount();
}

void MainWindow::updateCount()
{
    const int shown = m_proxy->rowCount();
    const int total = m_model->rowCount();
    const QString patients = total == 1 ? tr("1 patient") : tr("%1 patients").arg(total);
    m_count->setText(shown == total ? patients : tr("%1 of %2").arg(shown).arg(patients));
}

void MainWindow::openSelectedPatient()
{
    const QModelIndex index = m_view->currentIndex();
    if (!index.isValid())
        return;
    openPatient(index.data(WorklistModel::PatientIdRole).toLongLong());
}

void MainWindow::openPatient(PatientId patient)
{
    // With a stopwatch running on another patient, the user chooses: stop and save,
    // discard, or stay.
    if (m_stopwatchWidget && !m_stopwatchWidget->setPatient(patient))
        return;
    m_patientView->openPatient(patient);
    m_stack->setCurrentWidget(m_patientView);
}

void MainWindow::showWorklist()
{
    if (m_stopwatchWidget)
        m_stopwatchWidget->setPatient(0); // a running stopwatch keeps running
    m_stack->setCurrentIndex(0);
    m_view->setFocus();
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About VitalDesk"),
        tr("<h3>VitalDesk %1</h3>"
           "<p>Remote patient monitoring workstation: worklist, vitals, time and calls, and the "
           "Medicare RPM rules (99453, 99454, 99445, 99457, 99458, 99470) for CY2025 and "
           "CY2026.</p><p>Qt %2 · database %3</p>")
            .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                 m_practice.databasePath.toHtmlEscaped()));
}

// ----------------------------------------------------------------- readings and alerts

void MainWindow::showAlerts()
{
    if (m_stopwatchWidget)
        m_stopwatchWidget->setPatient(0); // a running stopwatch keeps running
    m_alertsView->reload();
    m_stack->setCurrentWidget(m_alertsView);
    m_alertsView->view()->setFocus();
}

void MainWindow::importReadings()
{
    ImportDialog dialog(m_practice.databasePath, m_clock, m_user.id, this);
    bool committed = false;
    connect(&dialog, &ImportDialog::importFinished, this,
            [&committed](bool stored) { committed = committed || stored; });
    dialog.exec();
    if (committed) {
        refresh();
        m_alertsView->reload();
        if (m_stack->currentWidget() == m_patientView)
            m_patientView->openPatient(m_patientView->patientId());
    }
}

namespace {
// Waits for a worker when the window goes, so it never outlives the clock it uses.
class WorkerGuard : public QObject
{
public:
    WorkerGuard(QFuture<qint64> future, QObject *parent)
        : QObject(parent)
        , m_future(std::move(future))
    {}
    ~WorkerGuard() override { m_future.waitForFinished(); }

private:
    QFuture<qint64> m_future;
};
} // namespace

// Alert upkeep at start-up, on a worker with its own connection: alerts for readings no
// import brought (the demo practice, earlier versions) and for patients who stopped
// transmitting. The worklist and the alerts queue refresh when it raised any.
void MainWindow::runAlertUpkeep()
{
    const QString path = m_practice.databasePath;
    const Clock *clock = &m_clock;
    const StaffId user = m_user.id;
    const QDate today = PracticeCalendar(m_practice.timeZone).localDate(m_clock.nowUtcMs());
    QFuture<qint64> future = QtConcurrent::run([path, clock, user, today]() -> qint64 {
        auto db = Database::openSqlite(path); // this thread's own connection
        if (!db)
            return -1;
        auto raised = billing::refreshAlerts(**db, *clock, user, today);
        return raised ? raised->readingAlerts + raised->noDataAlerts : -1;
    });
    new WorkerGuard(future, this);
    future.then(this, [this](qint64 raised) {
        if (raised <= 0)
            return;
        m_alertsView->reload();
        if (!m_loader->isLoading()) {
            refresh();
            return;
        }
        // The first load is still running on data from before the upkeep: load again after.
        auto *once = new QObject(this);
        connect(m_loader, &WorklistLoader::loaded, once, [this, once] {
            once->deleteLater();
            refresh();
        });
    });
}

} // namespace vd::ui
