#pragma once

#include <QSortFilterProxyModel>

namespace vd::ui {

// Sorting and the nurse's quick filters over WorklistModel, plus name/MRN search.
class WorklistFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class Filter
    {
        All,
        NeedsMinutes,
        NeedsCall,
        AlertsOpen,
        NotTransmitting,
        Done
    };
    Q_ENUM(Filter)

    explicit WorklistFilterProxy(QObject *parent = nullptr);

    Filter filter() const { return m_filter; }
    void setFilter(Filter filter);
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Filter m_filter = Filter::All;
    QString m_search;
};

} // namespace vd::ui
