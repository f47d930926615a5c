#include "devicesdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "store/clock.h"
#include "store/database.h"
#include "store/patientrepository.h"
#include "store/practicecalendar.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

struct KindLabel
{
    const char *kind;
    const char *label;
};

// The store's device kinds, in the order a nurse picks them.
constexpr KindLabel kKinds[] = {
    {"bp_monitor", QT_TRANSLATE_NOOP("vd::ui::DevicesDialog", "Blood pressure monitor")},
    {"glucometer", QT_TRANSLATE_NOOP("vd::ui::DevicesDialog", "Glucometer")},
    {"scale", QT_TRANSLATE_NOOP("vd::ui::DevicesDialog", "Scale")},
    {"pulse_oximeter", QT_TRANSLATE_NOOP("vd::ui::DevicesDialog", "Pulse oximeter")},
    {"thermometer", QT_TRANSLATE_NOOP("vd::ui::DevicesDialog", "Thermometer")},
    {"other", QT_TRANSLATE_NOOP("vd::ui::DevicesDialog", "Other")},
};

QString kindLabel(const QString &kind)
{
    for (const KindLabel &k : kKinds) {
        if (kind == QLatin1StringView(k.kind))
            return DevicesDialog::tr(k.label);
    }
    return kind;
}

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    return item;
}

} // namespace

DevicesDialog::DevicesDialog(Database &db, const Clock &clock, StaffId user, PatientId patient,
                             QTimeZone zone, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_clock(clock)
    , m_user(user)
    , m_patient(patient)
    , m_zone(std::move(zone))
{
    setObjectName(u"devicesDialog"_s);
    setWindowTitle(tr("Devices"));
    auto *layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    m_heading->setObjectName(u"devicesHeading"_s);
    QFont f = m_heading->font();
    f.setBold(true);
    m_heading->setFont(f);
    layout->addWidget(m_heading);

    m_table = new QTableWidget(0, 7, this);
    m_table->setObjectName(u"devicesTable"_s);
    m_table->setHorizontalHeaderLabels({tr("Kind"), tr("Model"), tr("Serial"), tr("FDA-cleared"),
                                        tr("Automatic"), tr("Issued"), tr("Device days")});
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    layout->addWidget(m_table, 1);

    auto *why =
        new QLabel(tr("Readings count toward device days (99453, 99454, 99445) only from an "
                      "FDA-cleared medical device that transmits automatically. Readings "
                      "of other devices, and readings whose device serial is not "
                      "registered here, are kept but do not count."),
                   this);
    why->setObjectName(u"devicesExplanation"_s);
    why->setWordWrap(true);
    why->setStyleSheet(u"color: #555;"_s);
    layout->addWidget(why);

    auto *group = new QGroupBox(tr("Register a device"), this);
    auto *form = new QFormLayout(group);
    m_kind = new QComboBox(group);
    m_kind->setObjectName(u"deviceKind"_s);
    for (const KindLabel &k : kKinds)
        m_kind->addItem(tr(k.label), QString::fromLatin1(k.kind));
    form->addRow(tr("&Kind:"), m_kind);
    m_model = new QLineEdit(group);
    m_model->setObjectName(u"deviceModel"_s);
    m_model->setPlaceholderText(tr("e.g. Omron HEM-9210T"));
    form->addRow(tr("&Model:"), m_model);
    m_serial = new QLineEdit(group);
    m_serial->setObjectName(u"deviceSerial"_s);
    m_serial->setPlaceholderText(tr("as the device or the vendor's portal shows it"));
    form->addRow(tr("&Serial number:"), m_serial);
    auto *flags = new QHBoxLayout;
    m_fda = new QCheckBox(tr("FDA-cleared medical device"), group);
    m_fda->setObjectName(u"deviceFdaCleared"_s);
    m_fda->setChecked(true);
    m_automatic = new QCheckBox(tr("Transmits automatically"), group);
    m_automatic->setObjectName(u"deviceAutomatic"_s);
    m_automatic->setChecked(true);
    flags->addWidget(m_fda);
    flags->addWidget(m_automatic);
    flags->addStretch(1);
    form->addRow(QString(), flags);
    m_assigned = new QDateEdit(group);
    m_assigned->setObjectName(u"deviceAssigned"_s);
    m_assigned->setCalendarPopup(true);
    m_assigned->setDate(PracticeCalendar(m_zone).localDate(m_clock.nowUtcMs()));
    form->addRow(tr("&Issued on:"), m_assigned);
    m_error = new QLabel(group);
    m_error->setObjectName(u"deviceError"_s);
    m_error->setStyleSheet(u"color: #b01c2e;"_s);
    m_error->setWordWrap(true);
    m_error->hide();
    form->addRow(m_error);
    m_register = new QPushButton(tr("&Register device"), group);
    m_register->setObjectName(u"deviceRegister"_s);
    connect(m_register, &QPushButton::clicked, this, &DevicesDialog::registerDevice);
    form->addRow(QString(), m_register);
    layout->addWidget(group);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    connect(m_serial, &QLineEdit::textChanged, this, &DevicesDialog::updateButtons);
    connect(m_model, &QLineEdit::textChanged, this, &DevicesDialog::updateButtons);
    resize(820, 560);
    reload();
    updateButtons();
}

QString DevicesDialog::whyNotCounted(const Device &d)
{
    if (!d.fdaCleared && !d.autoTransmit)
        return tr("No: not FDA-cleared, manual entry");
    if (!d.fdaCleared)
        return tr("No: not FDA-cleared");
    if (!d.autoTransmit)
        return tr("No: manual entry, not automatic");
    return {};
}

void DevicesDialog::reload()
{
    PatientRepository patients(m_db.connection(), m_clock);
    if (auto p = patients.byId(m_patient))
        m_heading->setText(tr("Devices issued to %1 (%2)").arg(p->displayName(), p->mrn));
    auto devices = patients.devices(m_patient);
    if (!devices) {
        m_error->setText(devices.error());
        m_error->show();
        return;
    }
    m_devices = std::move(*devices);
    m_table->setRowCount(int(m_devices.size()));
    const QLocale locale;
    for (int row = 0; row < int(m_devices.size()); ++row) {
        const Device &d = m_devices[std::size_t(row)];
        m_table->setItem(row, 0, cell(kindLabel(d.kind)));
        m_table->setItem(row, 1, cell(d.model));
        m_table->setItem(row, 2, cell(d.serial));
        m_table->setItem(row, 3, cell(d.fdaCleared ? tr("Yes") : tr("No")));
        m_table->setItem(row, 4, cell(d.autoTransmit ? tr("Yes") : tr("No")));
        QString issued = locale.toString(d.assignedOn, QLocale::ShortFormat);
        if (d.returnedOn.isValid())
            issued += tr(" – returned %1").arg(locale.toString(d.returnedOn, QLocale::ShortFormat));
        m_table->setItem(row, 5, cell(issued));
        const QString why = whyNotCounted(d);
        QTableWidgetItem *counts = cell(why.isEmpty() ? tr("Count") : why);
        if (!why.isEmpty()) {
            counts->setForeground(QColor(0xa6, 0x5e, 0x00));
            counts->setToolTip(tr("Its readings are kept, but device days count only readings "
                                  "an FDA-cleared device transmitted automatically."));
        }
        m_table->setItem(row, 6, counts);
    }
    m_table->resizeColumnsToContents();
}

void DevicesDialog::registerDevice()
{
    Device d;
    d.patientId = m_patient;
    d.kind = m_kind->currentData().toString();
    d.model = m_model->text().trimmed();
    d.serial = m_serial->text().trimmed();
    d.fdaCleared = m_fda->isChecked();
    d.autoTransmit = m_automatic->isChecked();
    d.assignedOn = m_assigned->date();
    auto id = PatientRepository(m_db.connection(), m_clock).addDevice(m_user, d);
    if (!id) {
        m_error->setText(tr("Not registered: %1").arg(id.error()));
        m_error->show();
        return;
    }
    m_error->hide();
    m_changed = true;
    m_model->clear();
    m_serial->clear();
    reload();
}

void DevicesDialog::updateButtons()
{
    m_register->setEnabled(!m_serial->text().trimmed().isEmpty() &&
                           !m_model->text().trimmed().isEmpty());
}

} // namespace vd::ui
