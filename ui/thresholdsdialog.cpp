#include "thresholdsdialog.h"

#include <QDateTime>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHash>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include "billing/readingimport.h"
#include "store/alertrepository.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/patientrepository.h"
#include "store/staffrepository.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

QDoubleSpinBox *spin(QWidget *parent, const QString &name, double min, double max,
                     const QString &unit)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setDecimals(0);
    box->setSuffix(u" "_s + unit);
    box->setAlignment(Qt::AlignRight);
    return box;
}

QString number(double v)
{
    return QString::number(v, 'f', 0);
}

} // namespace

ThresholdsDialog::ThresholdsDialog(Database &db, const Clock &clock, StaffId user,
                                   PatientId patient, QTimeZone zone, QWidget *parent)
    : QDialog(parent)
    , m_db(db)
    , m_clock(clock)
    , m_user(user)
    , m_patient(patient)
    , m_zone(std::move(zone))
{
    setObjectName(u"thresholdsDialog"_s);
    setWindowTitle(tr("Alert limits"));
    if (auto me = StaffRepository(m_db.connection(), m_clock).byId(m_user))
        m_canEdit = me->active && StaffRepository::isPractitioner(me->credential);

    auto *layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    QFont f = m_heading->font();
    f.setBold(true);
    m_heading->setFont(f);
    layout->addWidget(m_heading);
    m_source = new QLabel(this);
    m_source->setObjectName(u"limitsSource"_s);
    m_source->setWordWrap(true);
    layout->addWidget(m_source);

    auto *group = new QGroupBox(tr("Raise an alert when a reading is"), this);
    auto *grid = new QGridLayout(group);
    int row = 0;
    const auto add = [&](const QString &label, QWidget *a, const QString &between = {},
                         QWidget *b = nullptr, const QString &between2 = {}, QWidget *c = nullptr) {
        grid->addWidget(new QLabel(label, group), row, 0);
        grid->addWidget(a, row, 1);
        if (b) {
            grid->addWidget(new QLabel(between, group), row, 2);
            grid->addWidget(b, row, 3);
        }
        if (c) {
            grid->addWidget(new QLabel(between2, group), row, 4);
            grid->addWidget(c, row, 5);
        }
        ++row;
    };
    m_systolic = spin(group, u"limitSystolic"_s, 100, 260, u"mm[Hg]"_s);
    m_diastolic = spin(group, u"limitDiastolic"_s, 60, 160, u"mm[Hg]"_s);
    add(tr("Blood pressure: systolic above"), m_systolic, tr("or diastolic above"), m_diastolic);
    m_glucoseVeryLow = spin(group, u"limitGlucoseVeryLow"_s, 30, 150, u"mg/dL"_s);
    m_glucoseLow = spin(group, u"limitGlucoseLow"_s, 40, 150, u"mg/dL"_s);
    m_glucoseHigh = spin(group, u"limitGlucoseHigh"_s, 120, 600, u"mg/dL"_s);
    add(tr("Glucose: critical below"), m_glucoseVeryLow, tr("low at or below"), m_glucoseLow,
        tr("high above"), m_glucoseHigh);
    m_spo2 = spin(group, u"limitSpo2"_s, 70, 99, u"%"_s);
    add(tr("SpO2 below"), m_spo2);
    m_heartRateLow = spin(group, u"limitHeartRateLow"_s, 25, 80, u"/min"_s);
    m_heartRateHigh = spin(group, u"limitHeartRateHigh"_s, 70, 200, u"/min"_s);
    add(tr("Heart rate below"), m_heartRateLow, tr("or above"), m_heartRateHigh);
    m_days = new QSpinBox(group);
    m_days->setObjectName(u"limitNoReadingDays"_s);
    m_days->setRange(1, 30);
    m_days->setSuffix(tr(" days"));
    m_days->setAlignment(Qt::AlignRight);
    add(tr("No reading for"), m_days);
    grid->setColumnStretch(6, 1);
    layout->addWidget(group);

    auto *noteRow = new QFormLayout;
    m_note = new QLineEdit(this);
    m_note->setObjectName(u"limitsNote"_s);
    m_note->setPlaceholderText(tr("why these limits, e.g. “target after stroke, per cardiology”"));
    noteRow->addRow(tr("&Reason:"), m_note);
    noteRow->setRowVisible(m_note, m_canEdit);
    connect(m_note, &QLineEdit::textChanged, this, [this] { m_error->hide(); });
    layout->addLayout(noteRow);
    m_error = new QLabel(this);
    m_error->setObjectName(u"limitsError"_s);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(u"color: #b01c2e;"_s);
    m_error->hide();
    layout->addWidget(m_error);

    m_historyLabel = new QLabel(tr("History"), this);
    layout->addWidget(m_historyLabel);
    m_history = new QTableWidget(0, 8, this);
    m_history->setObjectName(u"limitsHistory"_s);
    m_history->setHorizontalHeaderLabels({tr("Set"), tr("By"), tr("BP above"), tr("Glucose"),
                                          tr("SpO2 below"), tr("Heart rate"), tr("No reading"),
                                          tr("Reason")});
    m_history->verticalHeader()->hide();
    m_history->horizontalHeader()->setStretchLastSection(true);
    m_history->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_history->setSelectionMode(QAbstractItemView::NoSelection);
    m_history->setMinimumHeight(110);
    layout->addWidget(m_history, 1);
    layout->addStretch();

    auto *buttons = new QDialogButtonBox(this);
    m_defaultsButton = buttons->addButton(tr("Use &defaults"), QDialogButtonBox::ResetRole);
    m_defaultsButton->setObjectName(u"limitsDefaults"_s);
    m_save = buttons->addButton(tr("&Save"), QDialogButtonBox::AcceptRole);
    m_save->setObjectName(u"limitsSave"_s);
    buttons->addButton(m_canEdit ? QDialogButtonBox::Cancel : QDialogButtonBox::Close);
    connect(m_defaultsButton, &QPushButton::clicked, this, &ThresholdsDialog::useDefaults);
    connect(m_save, &QPushButton::clicked, this, &ThresholdsDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);

    load();
    updateState();
    resize(860, m_history->isVisibleTo(this) ? 560 : sizeHint().height());
}

billing::AlertThresholds ThresholdsDialog::limits() const
{
    billing::AlertThresholds t;
    t.systolicHigh = m_systolic->value();
    t.diastolicHigh = m_diastolic->value();
    t.glucoseLow = m_glucoseLow->value();
    t.glucoseVeryLow = m_glucoseVeryLow->value();
    t.glucoseHigh = m_glucoseHigh->value();
    t.spo2Low = m_spo2->value();
    t.heartRateLow = m_heartRateLow->value();
    t.heartRateHigh = m_heartRateHigh->value();
    t.noReadingDays = m_days->value();
    return t;
}

void ThresholdsDialog::setLimits(const billing::AlertThresholds &t)
{
    m_systolic->setValue(t.systolicHigh);
    m_diastolic->setValue(t.diastolicHigh);
    m_glucoseLow->setValue(t.glucoseLow);
    m_glucoseVeryLow->setValue(t.glucoseVeryLow);
    m_glucoseHigh->setValue(t.glucoseHigh);
    m_spo2->setValue(t.spo2Low);
    m_heartRateLow->setValue(t.heartRateLow);
    m_heartRateHigh->setValue(t.heartRateHigh);
    m_days->setValue(t.noReadingDays);
}

void ThresholdsDialog::load()
{
    if (auto p = PatientRepository(m_db.connection(), m_clock).byId(m_patient))
        m_heading->setText(tr("Alert limits for %1 (%2)").arg(p->displayName(), p->mrn));
    if (auto defaults = billing::defaultThresholdsFor(m_db, m_clock, m_patient))
        m_defaults = *defaults;
    AlertRepository alerts(m_db.connection(), m_clock);
    auto history = alerts.thresholdHistory(m_patient);
    if (!history) {
        m_error->setText(history.error());
        m_error->show();
        return;
    }
    QHash<StaffId, QString> names;
    if (auto staff = StaffRepository(m_db.connection(), m_clock).all()) {
        for (const StaffMember &m : *staff)
            names.insert(m.id, u"%1, %2"_s.arg(m.displayName, m.credential));
    }
    const QLocale locale;
    const auto when = [&](qint64 ms) {
        return locale.toString(QDateTime::fromMSecsSinceEpoch(ms, m_zone), QLocale::ShortFormat);
    };
    if (history->empty()) {
        setLimits(m_defaults);
        m_source->setText(tr("The practice's defaults for this patient's conditions: no "
                             "practitioner has set limits for this patient."));
    } else {
        const StoredThresholds &now = history->front();
        setLimits(billing::fromStored(now));
        m_source->setText(tr("Set by %1 on %2.").arg(names.value(now.setBy), when(now.setAtMs)));
    }
    if (!m_canEdit)
        m_source->setText(m_source->text() + u" "_s +
                          tr("Only a practitioner (MD, DO, NP, PA, CNS, CNM) can change them."));

    m_history->setVisible(!history->empty());
    m_historyLabel->setText(history->empty() ? tr("History: none, the defaults were never changed.")
                                             : tr("History (newest first)"));
    m_history->setRowCount(int(history->size()));
    for (int row = 0; row < int(history->size()); ++row) {
        const StoredThresholds &t = (*history)[std::size_t(row)];
        const QStringList cells{
            when(t.setAtMs),
            names.value(t.setBy),
            u"%1/%2"_s.arg(number(t.systolicHigh), number(t.diastolicHigh)),
            u"<%1, ≤%2, >%3"_s.arg(number(t.glucoseVeryLow), number(t.glucoseLow),
                                   number(t.glucoseHigh)),
            number(t.spo2Low),
            u"<%1, >%2"_s.arg(number(t.heartRateLow), number(t.heartRateHigh)),
            tr("%1 days").arg(t.noReadingDays),
            t.note,
        };
        for (int c = 0; c < cells.size(); ++c)
            m_history->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_history->resizeColumnsToContents();
}

void ThresholdsDialog::useDefaults()
{
    setLimits(m_defaults);
}

void ThresholdsDialog::save()
{
    if (!m_canEdit)
        return;
    if (m_note->text().trimmed().isEmpty()) {
        m_error->setText(tr("Give a reason for the change."));
        m_error->show();
        m_note->setFocus();
        return;
    }
    StoredThresholds t = billing::toStored(limits(), m_patient);
    t.note = m_note->text().trimmed();
    auto id = AlertRepository(m_db.connection(), m_clock).setThresholds(m_user, t);
    if (!id) {
        m_error->setText(tr("Not saved: %1").arg(id.error()));
        m_error->show();
        return;
    }
    m_saved = true;
    accept();
}

void ThresholdsDialog::updateState()
{
    for (QAbstractSpinBox *box : std::initializer_list<QAbstractSpinBox *>{
             m_systolic, m_diastolic, m_glucoseLow, m_glucoseVeryLow, m_glucoseHigh, m_spo2,
             m_heartRateLow, m_heartRateHigh, m_days}) {
        box->setReadOnly(!m_canEdit);
        box->setButtonSymbols(m_canEdit ? QAbstractSpinBox::UpDownArrows
                                        : QAbstractSpinBox::NoButtons);
    }

    m_save->setVisible(m_canEdit);
    m_defaultsButton->setVisible(m_canEdit);
}

} // namespace vd::ui
