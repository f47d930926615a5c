#pragma once

#include <vector>

#include <QAbstractTableModel>
#include <QHash>
#include <QTimeZone>

#include "store/records.h"

namespace vd::ui {

// This month's time entries and contacts for one patient, newest first.
class TimeLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        WhenColumn,
        KindColumn,
        StaffColumn,
        WhatColumn,
        DurationColumn,
        DetailColumn,
        ColumnCount
    };
    enum Role
    {
        EntryIdRole = Qt::UserRole + 1,
        IsTimeEntryRole
    };

    struct Item
    {
        bool isTime = true;
        TimeEntry entry;
        Contact contact;
        qint64 at() const { return isTime ? entry.startedAtMs : contact.startedAtMs; }
    };

    explicit TimeLogModel(QObject *parent = nullptr);

    void setData(std::vector<TimeEntry> entries, std::vector<Contact> contacts,
                 QHash<StaffId, QString> staffNames, QTimeZone zone);
    const Item *itemAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString modeLabel(const QString &code);

private:
    std::vector<Item> m_items;
    QHash<StaffId, QString> m_staff;
    QTimeZone m_zone;
};

} // namespace vd::ui
