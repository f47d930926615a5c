#include "alertsview.h"

#include <QBrush>
#include <QButtonGroup>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include "store/clock.h"
#include "store/database.h"
#include "uistyle.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

QString kindLabel(const QString &kind)
{
    if (kind == u"bp_high"_s)
        return QObject::tr("Blood pressure high");
    if (kind == u"glucose_very_low"_s)
        return QObject::tr("Glucose very low");
    if (kind == u"glucose_low"_s)
        return QObject::tr("Glucose low");
    if (kind == u"glucose_high"_s)
        return QObject::tr("Glucose high");
    if (kind == u"spo2_low"_s)
        return QObject::tr("SpO2 low");
    if (kind == u"hr_low"_s)
        return QObject::tr("Heart rate low");
    if (kind == u"hr_high"_s)
        return QObject::tr("Heart rate high");
    if (kind == u"no_data"_s)
        return QObject::tr("No readings");
    return kind;
}

} // namespace

// ----------------------------------------------------------------------------- model

AlertsModel::AlertsModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void AlertsModel::setAlerts(std::vector<Alert> alerts, QTimeZone zone)
{
    beginResetModel();
    m_alerts = std::move(alerts);
    m_zone = std::move(zone);
    endResetModel();
}

const Alert *AlertsModel::alertAt(int row) const
{
    return row >= 0 && row < int(m_alerts.size()) ? &m_alerts[std::size_t(row)] : nullptr;
}

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AlertsModel::when(qint64 ms) const
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms, m_zone), u"ddd MMM d, HH:mm"_s);
}

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    const Alert *a = alertAt(index.row());
    if (!a || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const bool critical = a->severity == u"critical"_s;
    switch (role) {
    case AlertIdRole:
        return a->id;
    case PatientIdRole:
        return a->patientId;
    case OpenRole:
        return a->isOpen();
    case SortRole:
        switch (index.column()) {
        case SeverityColumn:
            return (a->isOpen() ? 2 : 0) + (critical ? 1 : 0);
        case TimeColumn:
            return a->observedAtMs;
        case StatusColumn:
            return a->isOpen() ? 0 : a->acknowledgedAtMs;
        default:
            break;
        }
        return data(index, Qt::DisplayRole);
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn:
            return critical ? tr("Critical") : tr("Warning");
        case PatientColumn:
            return u"%1 (%2)"_s.arg(a->patientName, a->patientMrn);
        case AlertColumn:
            return u"%1: %2"_s.arg(kindLabel(a->kind), a->message);
        case TimeColumn:
            return when(a->observedAtMs);
        case StatusColumn:
            if (a->isOpen())
                return tr("Open");
            return tr("Acknowledged by %1, %2: %3")
                .arg(a->acknowledgedByName, when(a->acknowledgedAtMs), a->ackNote);
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == StatusColumn && !a->isOpen())
            return data(index, Qt::DisplayRole);
        if (index.column() == TimeColumn)
            return a->kind == u"no_data"_s ? tr("When the silence was noticed")
                                           : tr("When the reading was taken (practice time)");
        break;
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn && a->isOpen())
            return QBrush(critical ? QColor(0xb0, 0x1c, 0x2e) : QColor(0xa6, 0x5e, 0x00));
        if (!a->isOpen())
            return QBrush(Qt::gray);
        break;
    case Qt::FontRole:
        if (index.column() == SeverityColumn && a->isOpen()) {
            QFont f;
            f.setBold(true);
            return f;
        }
        break;
    default:
        break;
    }
    return {};
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case PatientColumn:
        return tr("Patient");
    case AlertColumn:
        return tr("Alert");
    case TimeColumn:
        return tr("Time");
    case StatusColumn:
        return tr("Status");
    }
    return {};
}

// ----------------------------------------------------------------------------- view

AlertsView::AlertsView(Database &db, const Clock &clock, StaffMember user, QTimeZone zone,
                       QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_clock(clock)
    , m_user(std::move(user))
    , m_zone(std::move(zone))
{
    setObjectName(u"alertsView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 10, 12, 6);

    auto *header = new QHBoxLayout;
    m_heading = makeHeading(this, u"alertsHeading"_s);
    header->addWidget(m_heading);
    header->addStretch(1);
    m_filter = new QButtonGroup(this);
    m_filter->setExclusive(true);
    const std::pair<QString, bool> filters[] = {{tr("Open"), true}, {tr("All"), false}};
    for (const auto &[label, openOnly] : filters) {
        auto *button = new QToolButton(this);
        button->setText(label);
        button->setCheckable(true);
        button->setChecked(openOnly);
        button->setObjectName(openOnly ? u"alertsFilterOpen"_s : u"alertsFilterAll"_s);
        m_filter->addButton(button, openOnly ? 1 : 0);
        header->addWidget(button);
    }
    connect(m_filter, &QButtonGroup::idClicked, this, [this](int id) { setShowOpenOnly(id == 1); });
    header->addSpacing(12);
    m_open = new QPushButton(tr("Open &record"), this);
    m_open->setObjectName(u"alertsOpenPatient"_s);
    connect(m_open, &QPushButton::clicked, this, [this] {
        if (const Alert *a = selectedAlert())
            emit patientRequested(a->patientId);
    });
    header->addWidget(m_open);
    m_acknowledge = new QPushButton(tr("&Acknowledge…"), this);
    m_acknowledge->setObjectName(u"alertsAcknowledge"_s);
    m_acknowledge->setShortcut(QKeySequence(u"Ctrl+K"_s));
    m_acknowledge->setToolTip(tr("Record that the alert was handled, with a note (Ctrl+K)"));
    connect(m_acknowledge, &QPushButton::clicked, this, &AlertsView::acknowledgeSelected);
    header->addWidget(m_acknowledge);
    layout->addLayout(header);

    m_model = new AlertsModel(this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(AlertsModel::SortRole);
    m_view = new QTableView(this);
    m_view->setObjectName(u"alertsTable"_s);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(AlertsModel::TimeColumn, Qt::DescendingOrder);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->verticalHeader()->hide();
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->horizontalHeader()->setHighlightSections(false);
    layout->addWidget(m_view, 1);
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex &index) {
        emit patientRequested(index.data(AlertsModel::PatientIdRole).toLongLong());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &AlertsView::updateButtons);

    auto *hint = new QLabel(tr("Alerts are raised when readings arrive (limits per patient under "
                               "Alert limits… in the record) and when a patient sends nothing "
                               "for several days."),
                            this);
    hint->setWordWrap(true);
    hint->setStyleSheet(u"color: gray;"_s);
    layout->addWidget(hint);
    updateButtons();
}

void AlertsView::setShowOpenOnly(bool openOnly)
{
    m_openOnly = openOnly;
    if (QAbstractButton *b = m_filter->button(openOnly ? 1 : 0))
        b->setChecked(true);
    reload();
}

void AlertsView::reload()
{
    AlertRepository repo(m_db.connection(), m_clock);
    AlertFilter filter;
    filter.openOnly = m_openOnly;
    auto alerts = repo.list(filter);
    if (!alerts) {
        m_heading->setText(tr("Alerts — could not be read: %1").arg(alerts.error()));
        return;
    }
    auto counts = repo.openCounts();
    int open = 0;
    if (counts) {
        for (const OpenAlertCount &c : *counts)
            open += c.total;
    }
    m_model->setAlerts(std::move(*alerts), m_zone);
    m_heading->setText(open == 1 ? tr("Alerts — 1 open") : tr("Alerts — %1 open").arg(open));
    m_view->resizeColumnsToContents();
    if (m_view->columnWidth(AlertsModel::AlertColumn) > 520)
        m_view->setColumnWidth(AlertsModel::AlertColumn, 520);
    updateButtons();
}

const Alert *AlertsView::selectedAlert() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    return m_model->alertAt(m_proxy->mapToSource(rows.first()).row());
}

void AlertsView::updateButtons()
{
    const Alert *a = selectedAlert();
    m_acknowledge->setEnabled(a && a->isOpen());
    m_open->setEnabled(a != nullptr);
}

void AlertsView::acknowledgeSelected()
{
    const Alert *a = selectedAlert();
    if (!a || !a->isOpen())
        return;
    const qint64 id = a->id;
    const QString prompt = tr("%1 — %2\n\nWhat was done? (required; recorded with your name "
                              "and the time)")
                               .arg(a->patientName, a->message);
    bool ok = false;
    const QString note =
        QInputDialog::getMultiLineText(this, tr("Acknowledge alert"), prompt, QString(), &ok);
    if (!ok)
        return;
    if (note.trimmed().isEmpty()) {
        QMessageBox::information(this, tr("Acknowledge alert"),
                                 tr("The alert stays open: a note is required."));
        return;
    }
    if (Status s = AlertRepository(m_db.connection(), m_clock).acknowledge(m_user.id, id, note);
        !s) {
        QMessageBox::warning(this, tr("Acknowledge alert"), s.error());
        return;
    }
    reload();
    emit alertsChanged();
}

} // namespace vd::ui
