#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QTableView>
#include <QVBoxLayout>

#include "store/clock.h"
#include "store/practicecalendar.h"
#include "worklistloader.h"
#include "worklistmodel.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

MainWindow::MainWindow(PracticeInfo practice, const Clock &clock, QWidget *parent)
    : QMainWindow(parent)
    , m_practice(std::move(practice))
    , m_clock(clock)
{
    setObjectName(u"mainWindow"_s);
    setWindowTitle(tr("%1 — VitalDesk").arg(m_practice.name));
    setWindowIcon(QIcon(u":/vitaldesk/icons/vitaldesk.svg"_s));

    m_model = new WorklistModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(WorklistModel::SortRole);
    m_proxy->setFilterRole(WorklistModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(12, 10, 12, 6);

    auto *header = new QHBoxLayout;
    m_heading = new QLabel(central);
    m_heading->setObjectName(u"worklistHeading"_s);
    QFont headingFont = m_heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.35);
    headingFont.setBold(true);
    m_heading->setFont(headingFont);
    header->addWidget(m_heading);
    header->addStretch(1);
    m_count = new QLabel(central);
    m_count->setObjectName(u"worklistCount"_s);
    header->addWidget(m_count);
    m_search = new QLineEdit(central);
    m_search->setObjectName(u"worklistSearch"_s);
    m_search->setPlaceholderText(tr("Search name or MRN  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(260);
    header->addWidget(m_search);
    layout->addLayout(header);

    m_view = new QTableView(central);
    m_view->setObjectName(u"worklistView"_s);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(WorklistModel::NameColumn, Qt::AscendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_view, 1);
    setCentralWidget(central);

    connect(m_search, &QLineEdit::textChanged, m_proxy, &QSortFilterProxyModel::setFilterFixedString);
    connect(m_search, &QLineEdit::textChanged, this, &MainWindow::updateCount);

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
    auto *practiceLabel = new QLabel(tr("%1 · times in %2")
                                         .arg(m_practice.name,
                                              QString::fromUtf8(m_practice.timeZone.id())),
                                     this);
    statusBar()->addPermanentWidget(practiceLabel);
    resize(1280, 720);
    refresh();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *refreshAction = file->addAction(tr("&Refresh"), this, &MainWindow::refresh);
    refreshAction->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *find = view->addAction(tr("&Find patient"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
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
    statusBar()->showMessage(tr("Updated %1").arg(QLocale().toString(
                                 m_clock.nowUtc().toTimeZone(m_practice.timeZone).time(),
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

} // namespace vd::ui
