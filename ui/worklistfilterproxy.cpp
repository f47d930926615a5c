#include "worklistfilterproxy.h"

#include "worklistmodel.h"

namespace vd::ui {

WorklistFilterProxy::WorklistFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(WorklistModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void WorklistFilterProxy::setFilter(Filter filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    invalidateRowsFilter();
}

void WorklistFilterProxy::setSearchText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_search)
        return;
    m_search = trimmed;
    invalidateRowsFilter();
}

bool WorklistFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &) const
{
    const auto *model = qobject_cast<const WorklistModel *>(sourceModel());
    const billing::WorklistRow *row = model ? model->rowAt(sourceRow) : nullptr;
    if (!row)
        return false;
    if (!m_search.isEmpty() && !row->name.contains(m_search, Qt::CaseInsensitive) &&
        !row->mrn.contains(m_search, Qt::CaseInsensitive))
        return false;
    switch (m_filter) {
    case Filter::All:
        return true;
    case Filter::NeedsMinutes:
        return !row->blocked && row->needsMinutes;
    case Filter::NeedsCall:
        return !row->blocked && row->liveCallNeeded;
    case Filter::AlertsOpen:
        return row->openAlerts > 0;
    case Filter::NotTransmitting:
        return row->notTransmitting;
    case Filter::Done:
        return row->doneThisMonth;
    }
    return true;
}

} // namespace vd::ui
