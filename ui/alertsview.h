#pragma once

#include <vector>

#include <QAbstractTableModel>
#include <QTimeZone>
#include <QWidget>

#include "store/alertrepository.h"
#include "store/records.h"

class QButtonGroup;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::ui {

// The alerts queue as a table: severity, patient, what was out of range, when, and who
// acknowledged it.
class AlertsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SeverityColumn,
        PatientColumn,
        AlertColumn,
        TimeColumn,
        StatusColumn,
        ColumnCount
    };
    enum Role
    {
        AlertIdRole = Qt::UserRole + 1,
        PatientIdRole,
        SortRole,
        OpenRole,
    };

    explicit AlertsModel(QObject *parent = nullptr);

    void setAlerts(std::vector<Alert> alerts, QTimeZone zone);
    const Alert *alertAt(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString when(qint64 ms) const;

    std::vector<Alert> m_alerts;
    QTimeZone m_zone;
};

// View ▸ Alerts: the queue a nurse works through. Open alerts first (or all, with their
// acknowledgements); Acknowledge… records who, when and a required note. Double-click
// opens the patient's record.
class AlertsView : public QWidget
{
    Q_OBJECT

public:
    AlertsView(Database &db, const Clock &clock, StaffMember user, QTimeZone zone,
               QWidget *parent = nullptr);

    AlertsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    bool showsOpenOnly() const { return m_openOnly; }
    void setShowOpenOnly(bool openOnly);

public slots:
    void reload();
    void acknowledgeSelected();

signals:
    void patientRequested(vd::PatientId patient);
    void alertsChanged();

private:
    const Alert *selectedAlert() const;
    void updateButtons();

    Database &m_db;
    const Clock &m_clock;
    StaffMember m_user;
    QTimeZone m_zone;
    bool m_openOnly = true;

    AlertsModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_heading = nullptr;
    QButtonGroup *m_filter = nullptr;
    QPushButton *m_acknowledge = nullptr;
    QPushButton *m_open = nullptr;
};

} // namespace vd::ui
