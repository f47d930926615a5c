#include "worklistmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

QString minutesText(qint64 seconds)
{
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

} // namespace

WorklistModel::WorklistModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void WorklistModel::setRows(std::vector<billing::WorklistRow> rows, QDate today, QTimeZone zone)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_today = today;
    m_zone = std::move(zone);
    endResetModel();
}

const billing::WorklistRow *WorklistModel::rowAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? &m_rows[size_t(row)] : nullptr;
}

int WorklistModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int WorklistModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorklistModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case NameColumn:
            return tr("Patient");
        case MrnColumn:
            return tr("MRN");
        case MinutesColumn:
            return tr("RPM time");
        case LiveCallColumn:
            return tr("Live call");
        case DeviceDaysColumn:
            return tr("Device days");
        case LastReadingColumn:
            return tr("Last reading");
        case AlertsColumn:
            return tr("Alerts");
        case PlanColumn:
            return tr("Plan for this month");
        }
    } else if (role == Qt::ToolTipRole) {
        switch (section) {
        case MinutesColumn:
            return tr("Qualifying RPM treatment-management time this month");
        case LiveCallColumn:
            return tr("A connected phone or video call with the patient or caregiver this month");
        case DeviceDaysColumn:
            return tr("Days with automatically transmitted readings in the current 30-day "
                      "device period, of the 16 needed for 99454");
        case AlertsColumn:
            return tr("Out-of-range readings in the last 7 days, plus one if nothing has "
                      "been transmitted for 3 days");
        case PlanColumn:
            return tr("What the patient still needs this month; patients behind pace first");
        }
    }
    return {};
}

QString WorklistModel::lastReadingText(const billing::WorklistRow &row) const
{
    if (!row.lastReadingMs)
        return tr("never");
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(*row.lastReadingMs, m_zone);
    const qint64 days = local.date().daysTo(m_today);
    const QString time = local.time().toString(u"HH:mm"_s);
    if (days == 0)
        return tr("today %1").arg(time);
    if (days == 1)
        return tr("yesterday %1").arg(time);
    return tr("%n days ago", nullptr, int(days));
}

QVariant WorklistModel::display(const billing::WorklistRow &r, int column) const
{
    switch (column) {
    case NameColumn:
        return r.name;
    case MrnColumn:
        return r.mrn;
    case MinutesColumn:
        return minutesText(r.monthSeconds);
    case LiveCallColumn:
        return r.liveCall ? tr("Yes") : tr("No");
    case DeviceDaysColumn:
        if (!r.hasDevicePeriod)
            return tr("not started");
        return tr("%1 / %2 (ends %3)")
            .arg(r.deviceDays)
            .arg(r.deviceDaysTarget)
            .arg(QLocale().toString(r.periodEnd, u"MMM d"_s));
    case LastReadingColumn:
        return lastReadingText(r);
    case AlertsColumn:
        return r.openAlerts;
    case PlanColumn:
        return r.doneThisMonth && r.openAlerts == 0 ? tr("done — %1").arg(r.need) : r.need;
    }
    return {};
}

QVariant WorklistModel::sortValue(const billing::WorklistRow &r, int column) const
{
    switch (column) {
    case NameColumn:
        return r.name;
    case MrnColumn:
        return r.mrn;
    case MinutesColumn:
        return r.monthSeconds;
    case LiveCallColumn:
        return r.liveCall ? 1 : 0;
    case DeviceDaysColumn:
        return r.deviceDays;
    case LastReadingColumn:
        return r.lastReadingMs.value_or(0);
    case AlertsColumn:
        return r.openAlerts;
    case PlanColumn:
        return r.priority;
    }
    return {};
}

QVariant WorklistModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const billing::WorklistRow &r = m_rows[size_t(index.row())];
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return display(r, column);
    case SortRole:
        return sortValue(r, column);
    case PatientIdRole:
        return r.patientId;
    case SearchTextRole:
        return QString(r.name + u' ' + r.mrn);
    case Qt::TextAlignmentRole:
        if (column == MinutesColumn || column == AlertsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        if (column == LiveCallColumn)
            return int(Qt::AlignCenter);
        return {};
    case Qt::ForegroundRole:
        if (column == AlertsColumn && r.openAlerts > 0)
            return QBrush(QColor(0xb0, 0x1c, 0x2e));
        if (column == LiveCallColumn && !r.liveCall)
            return QBrush(QColor(0xa6, 0x5e, 0x00));
        if (column == DeviceDaysColumn && r.hasDevicePeriod && !r.deviceDaysReachable &&
            r.deviceDays < r.deviceDaysTarget)
            return QBrush(QColor(0xa6, 0x5e, 0x00));
        if ((column == MinutesColumn && !r.managementCode.isEmpty()) ||
            (column == PlanColumn && r.doneThisMonth && r.openAlerts == 0))
            return QBrush(QColor(0x1b, 0x7a, 0x3a));
        return {};
    case Qt::ToolTipRole:
        if (column == PlanColumn || column == NameColumn || column == MinutesColumn)
            return r.status;
        if (column == DeviceDaysColumn && r.hasDevicePeriod)
            return tr("Period %1 – %2; %3 days left")
                .arg(QLocale().toString(r.periodStart, QLocale::ShortFormat),
                     QLocale().toString(r.periodEnd, QLocale::ShortFormat))
                .arg(r.periodDaysLeft);
        return {};
    }
    return {};
}

} // namespace vd::ui
