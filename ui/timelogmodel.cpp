#include "timelogmodel.h"

#include <algorithm>

#include <QDateTime>
#include <QLocale>

#include "activities.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

TimeLogModel::TimeLogModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

QString TimeLogModel::modeLabel(const QString &code)
{
    if (code == u"phone"_s)
        return tr("Phone");
    if (code == u"video"_s)
        return tr("Video");
    if (code == u"sms"_s)
        return tr("SMS");
    if (code == u"portal"_s)
        return tr("Portal message");
    if (code == u"email"_s)
        return tr("E-mail");
    if (code == u"voicemail"_s)
        return tr("Voicemail");
    return tr("Automated");
}

void TimeLogModel::setData(std::vector<TimeEntry> entries, std::vector<Contact> contacts,
                           QHash<StaffId, QString> staffNames, QTimeZone zone)
{
    beginResetModel();
    m_items.clear();
    for (TimeEntry &e : entries)
        m_items.push_back({true, std::move(e), {}});
    for (Contact &c : contacts)
        m_items.push_back({false, {}, std::move(c)});
    std::stable_sort(m_items.begin(), m_items.end(),
                     [](const Item &a, const Item &b) { return a.at() > b.at(); });
    m_staff = std::move(staffNames);
    m_zone = std::move(zone);
    endResetModel();
}

const TimeLogModel::Item *TimeLogModel::itemAt(int row) const
{
    return row >= 0 && row < int(m_items.size()) ? &m_items[size_t(row)] : nullptr;
}

int TimeLogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int TimeLogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimeLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn:
        return tr("When");
    case KindColumn:
        return tr("Type");
    case StaffColumn:
        return tr("Staff");
    case WhatColumn:
        return tr("Activity");
    case DurationColumn:
        return tr("Duration");
    case DetailColumn:
        return tr("Details");
    }
    return {};
}

QVariant TimeLogModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Item &item = m_items[size_t(index.row())];
    const TimeEntry &e = item.entry;
    const Contact &c = item.contact;
    if (role == EntryIdRole)
        return item.isTime ? e.id : c.id;
    if (role == IsTimeEntryRole)
        return item.isTime;
    if (role == Qt::TextAlignmentRole && index.column() == DurationColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && item.isTime && e.amendsId)
        return tr("Corrected: %1").arg(e.amendReason);
    if (role != Qt::DisplayRole)
        return {};

    const int seconds = item.isTime ? e.seconds : c.seconds;
    switch (index.column()) {
    case WhenColumn:
        return QLocale().toString(QDateTime::fromMSecsSinceEpoch(item.at(), m_zone),
                                  u"ddd MMM d, HH:mm"_s);
    case KindColumn:
        return item.isTime ? tr("Time") : tr("Contact");
    case StaffColumn:
        return m_staff.value(item.isTime ? e.staffId : c.staffId);
    case WhatColumn:
        if (item.isTime)
            return e.program == u"RPM"_s ? activityLabel(e.activity)
                                         : u"%1 (%2)"_s.arg(activityLabel(e.activity), e.program);
        return u"%1 with %2"_s.arg(
            modeLabel(c.mode), c.counterpart == u"caregiver"_s ? tr("caregiver") : tr("patient"));
    case DurationColumn:
        return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
    case DetailColumn: {
        QStringList parts;
        if (item.isTime) {
            parts << (e.method == u"timer"_s ? tr("stopwatch")
                                             : tr("manual: %1").arg(e.manualReason));
            if (e.amendsId)
                parts << tr("corrected: %1").arg(e.amendReason);
            if (!e.note.isEmpty())
                parts << e.note;
        } else {
            parts << (c.connected ? tr("connected") : tr("not connected"));
            if (!c.summary.isEmpty())
                parts << c.summary;
        }
        return parts.join(u" · "_s);
    }
    }
    return {};
}

} // namespace vd::ui
