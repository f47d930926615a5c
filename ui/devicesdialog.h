#pragma once

#include <vector>

#include <QDialog>
#include <QTimeZone>

#include "store/records.h"

class QCheckBox;
class QComboBox;
class QDateEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace vd {
class Clock;
class Database;
} // namespace vd

namespace vd::ui {

// The devices issued to one patient, and registering a new one: kind, model, serial,
// FDA-cleared, automatic transmission. Each row says whether the device's readings count
// toward device days and, when not, why. Imports match readings to these devices by
// serial number.
class DevicesDialog : public QDialog
{
    Q_OBJECT

public:
    DevicesDialog(Database &db, const Clock &clock, StaffId user, PatientId patient, QTimeZone zone,
                  QWidget *parent = nullptr);

    QTableWidget *table() const { return m_table; }
    bool changed() const { return m_changed; }
    // Why readings of `device` do not count toward device days; empty when they do.
    static QString whyNotCounted(const Device &device);

public slots:
    void registerDevice();
    void reload();

private:
    void updateButtons();

    Database &m_db;
    const Clock &m_clock;
    StaffId m_user;
    PatientId m_patient;
    QTimeZone m_zone;
    bool m_changed = false;
    std::vector<Device> m_devices;

    QLabel *m_heading = nullptr;
    QTableWidget *m_table = nullptr;
    QComboBox *m_kind = nullptr;
    QLineEdit *m_model = nullptr;
    QLineEdit *m_serial = nullptr;
    QCheckBox *m_fda = nullptr;
    QCheckBox *m_automatic = nullptr;
    QDateEdit *m_assigned = nullptr;
    QLabel *m_error = nullptr;
    QPushButton *m_register = nullptr;
};

} // namespace vd::ui
