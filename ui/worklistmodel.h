#pragma once

#include <vector>

#include <QAbstractTableModel>
#include <QTimeZone>

#include "billing/worklist.h"

namespace vd::ui {

// The nurse's worklist: one row per enrolled patient, figures from billing.
// Qt::DisplayRole is formatted text; SortRole holds raw values for sorting.
class WorklistModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        MrnColumn,
        MinutesColumn,
        LiveCallColumn,
        DeviceDaysColumn,
        LastReadingColumn,
        AlertsColumn,
        PlanColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        PatientIdRole,
        SearchTextRole
    };

    explicit WorklistModel(QObject *parent = nullptr);

    void setRows(std::vector<billing::WorklistRow> rows, QDate today, QTimeZone zone);
    const billing::WorklistRow *rowAt(int row) const;
    QDate today() const { return m_today; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QVariant display(const billing::WorklistRow &row, int column) const;
    QVariant sortValue(const billing::WorklistRow &row, int column) const;
    QString lastReadingText(const billing::WorklistRow &row) const;

    std::vector<billing::WorklistRow> m_rows;
    QDate m_today;
    QTimeZone m_zone;
};

} // namespace vd::ui
