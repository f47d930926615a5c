#include "patientview.h"

#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QTableView>
#include <QTabWidget>
#include <QVBoxLayout>

#include "billing/clinicalalerts.h"
#include "billing/readingimport.h"
#include "billing/rulesadapter.h"
#include "billing/timelog.h"
#include "calldialog.h"
#include "devicesdialog.h"
#include "manualtimedialog.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/practicecalendar.h"
#include "store/staffrepository.h"
#include "store/timerepository.h"
#include "thresholdsdialog.h"
#include "timelogmodel.h"
#include "uistyle.h"
#include "vitalschart.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {

QFrame *card(const QString &title, QWidget *parent, QVBoxLayout **bodyOut)
{
    auto *frame = new QFrame(parent);
    frame->setFrameShape(QFrame::StyledPanel);
    auto *layout = new QVBoxLayout(frame);
    layout->setContentsMargins(10, 8, 10, 8);
    layout->setSpacing(4);
    auto *heading = new QLabel(title, frame);
    QFont f = heading->font();
    f.setBold(true);
    heading->setFont(f);
    layout->addWidget(heading);
    *bodyOut = layout;
    return frame;
}

QLabel *bodyLabel(QWidget *parent, const QString &objectName)
{
    auto *label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString deviceKindLabel(const QString &kind)
{
    if (kind == u"bp_monitor"_s)
        return QObject::tr("BP monitor");
    if (kind == u"scale"_s)
        return QObject::tr("Scale");
    if (kind == u"glucometer"_s)
        return QObject::tr("Glucometer");
    if (kind == u"pulse_oximeter"_s)
        return QObject::tr("Pulse oximeter");
    if (kind == u"thermometer"_s)
        return QObject::tr("Thermometer");
    return QObject::tr("Device");
}

QString mmss(qint64 seconds)
{
    return u"%1:%2"_s.arg(seconds / 60).arg(seconds % 60, 2, 10, QChar(u'0'));
}

} // namespace

PatientView::PatientView(Database &db, const Clock &clock, StaffId user, QTimeZone zone,
                         QWidget *parent)
    : QWidget(parent)
    , m_db(db)
    , m_clock(clock)
    , m_user(user)
    , m_zone(std::move(zone))
{
    setObjectName(u"patientView"_s);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 8, 12, 8);

    // Header: back, name, demographics.
    auto *header = new QHBoxLayout;
    auto *back = new QPushButton(tr("← Worklist"), this);
    back->setObjectName(u"backToWorklist"_s);
    back->setToolTip(tr("Back to the worklist (Esc)"));
    connect(back, &QPushButton::clicked, this, &PatientView::backRequested);
    auto *escape = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    escape->setContext(Qt::WidgetWithChildrenShortcut);
    connect(escape, &QShortcut::activated, this, &PatientView::backRequested);
    header->addWidget(back);
    m_name = makeHeading(this, u"patientName"_s, 1.5);
    header->addSpacing(8);
    header->addWidget(m_name);
    m_demographics = new QLabel(this);
    m_demographics->setObjectName(u"patientDemographics"_s);
    m_demographics->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addSpacing(12);
    header->addWidget(m_demographics, 1);
    auto *devicesButton = new QPushButton(tr("De&vices…"), this);
    devicesButton->setObjectName(u"patientDevicesButton"_s);
    devicesButton->setToolTip(tr("Devices issued to the patient, and which readings count"));
    connect(devicesButton, &QPushButton::clicked, this, &PatientView::manageDevices);
    header->addWidget(devicesButton);
    auto *limitsButton = new QPushButton(tr("Alert &limits…"), this);
    limitsButton->setObjectName(u"patientLimitsButton"_s);
    limitsButton->setToolTip(tr("The patient's alert limits (set by a practitioner)"));
    connect(limitsButton, &QPushButton::clicked, this, &PatientView::editAlertLimits);
    header->addWidget(limitsButton);
    layout->addLayout(header);

    // Cards: enrolment, devices, this month.
    auto *cards = new QHBoxLayout;
    QVBoxLayout *body = nullptr;
    QFrame *enrolment = card(tr("Enrolment"), this, &body);
    m_enrolment = bodyLabel(enrolment, u"patientEnrolment"_s);
    body->addWidget(m_enrolment);
    body->addStretch(1);
    cards->addWidget(enrolment, 3);

    QFrame *devices = card(tr("Devices"), this, &body);
    m_devices = bodyLabel(devices, u"patientDevices"_s);
    body->addWidget(m_devices);
    body->addStretch(1);
    cards->addWidget(devices, 3);

    QFrame *month = card(tr("This month"), this, &body);
    m_monthLayout = body;
    m_month = bodyLabel(month, u"patientMonth"_s);
    body->addWidget(m_month);
    m_reasons = bodyLabel(month, u"patientReasons"_s);
    // The rules' reasons can run long: they scroll instead of being cut off.
    auto *reasonsScroll = new QScrollArea(month);
    reasonsScroll->setObjectName(u"patientReasonsScroll"_s);
    reasonsScroll->setFrameShape(QFrame::NoFrame);
    reasonsScroll->setWidgetResizable(true);
    reasonsScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    reasonsScroll->setWidget(m_reasons);
    reasonsScroll->setMinimumHeight(60);
    body->addWidget(reasonsScroll, 1);
    cards->addWidget(month, 5);
    layout->addLayout(cards);

    // Tabs: vitals (supplied by the main window) and the time and contact log.
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(u"patientTabs"_s);
    m_vitals = new VitalsChart(m_clock, m_tabs);
    m_tabs->addTab(m_vitals, tr("&Vitals"));
    auto *logPage = new QWidget(m_tabs);
    auto *logLayout = new QVBoxLayout(logPage);
    auto *logButtons = new QHBoxLayout;
    auto *call = new QPushButton(tr("Log &call…"), logPage);
    call->setObjectName(u"logCallButton"_s);
    call->setShortcut(QKeySequence(u"Ctrl+L"_s));
    connect(call, &QPushButton::clicked, this, &PatientView::logCall);
    auto *manual = new QPushButton(tr("Add &manual time…"), logPage);
    manual->setObjectName(u"manualTimeButton"_s);
    connect(manual, &QPushButton::clicked, this, &PatientView::addManualTime);
    m_correct = new QPushButton(tr("C&orrect…"), logPage);
    m_correct->setObjectName(u"correctEntryButton"_s);
    connect(m_correct, &QPushButton::clicked, this, &PatientView::correctSelectedEntry);
    m_delete = new QPushButton(tr("&Delete…"), logPage);
    m_delete->setObjectName(u"deleteEntryButton"_s);
    connect(m_delete, &QPushButton::clicked, this, &PatientView::deleteSelectedEntry);
    logButtons->addWidget(call);
    logButtons->addWidget(manual);
    logButtons->addStretch(1);
    logButtons->addWidget(m_correct);
    logButtons->addWidget(m_delete);
    logLayout->addLayout(logButtons);
    m_timeLog = new TimeLogModel(this);
    m_timeView = new QTableView(logPage);
    m_timeView->setObjectName(u"timeLogView"_s);
    m_timeView->setModel(m_timeLog);
    m_timeView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timeView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_timeView->setAlternatingRowColors(true);
    m_timeView->verticalHeader()->hide();
    m_timeView->horizontalHeader()->setStretchLastSection(true);
    m_timeView->setWordWrap(false);
    connect(m_timeView->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &PatientView::updateButtons);
    logLayout->addWidget(m_timeView, 1);
    m_tabs->addTab(logPage, tr("&Time and contacts"));
    layout->addWidget(m_tabs, 1);
    updateButtons();
}

void PatientView::openPatient(PatientId patient)
{
    m_patient = patient;
    reload();
    if (m_summary.patient.id == patient) {
        // The patient's own limits when a practitioner set them, else the defaults.
        auto limits = billing::thresholdsFor(m_db, m_clock, patient);
        m_vitals->loadPatient(
            m_db.path(), patient,
            limits ? *limits
                   : billing::AlertThresholds::forConditions(m_summary.episode.conditions),
            m_zone);
    }
}

void PatientView::reload()
{
    if (!m_patient)
        return;
    const QDate today = PracticeCalendar(m_zone).localDate(m_clock.nowUtcMs());
    auto summary = billing::loadPatientSummary(m_db, m_clock, m_patient, today);
    if (!summary) {
        showError(summary.error());
        return;
    }
    m_summary = std::move(*summary);
    showSummary();
    loadTimeLog();
}

void PatientView::showSummary()
{
    const billing::PatientSummary &s = m_summary;
    const Patient &p = s.patient;
    m_name->setText(p.displayName());
    const bool labelled = p.mrn.startsWith(u"MRN"_s, Qt::CaseInsensitive);
    QStringList demo{labelled ? p.mrn : tr("MRN %1").arg(p.mrn), tr("%1 y").arg(s.ageYears),
                     QLocale().toString(p.birthDate, QLocale::ShortFormat)};
    if (!p.sex.isEmpty())
        demo << p.sex;
    if (!p.phone.isEmpty())
        demo << p.phone;
    m_demographics->setText(demo.join(u"  ·  "_s));

    const Episode &e = s.episode;
    QStringList lines;
    lines << tr("Monitoring since %1")
                 .arg(QLocale().toString(e.monitoringStart, QLocale::ShortFormat));
    lines << tr("Conditions: %1")
                 .arg(e.conditions.isEmpty() ? tr("none recorded") : e.conditions.join(u", "_s));
    if (e.hasConsent())
        lines << tr("Consent: %1, %2, obtained by %3")
                     .arg(e.consentMethod, QLocale().toString(e.consentDate, QLocale::ShortFormat),
                          s.consentObtainedBy.toHtmlEscaped());
    else
        lines << u"<span style='color:#b01c2e'><b>%1</b></span>"_s.arg(tr("No consent on file"));
    lines << tr("Ordered by %1").arg(s.orderingPractitioner.toHtmlEscaped());
    if (s.billingPractitioner != s.orderingPractitioner)
        lines << tr("Billed by %1").arg(s.billingPractitioner.toHtmlEscaped());
    m_enrolment->setText(lines.join(u"<br>"_s));

    QStringList devices;
    for (const Device &d : s.devices) {
        if (d.returnedOn.isValid())
            continue;
        QString line = u"%1 — %2 <span style='color:gray'>(%3)</span>"_s.arg(
            deviceKindLabel(d.kind), d.model.toHtmlEscaped(), d.serial.toHtmlEscaped());
        if (!d.fdaCleared || !d.autoTransmit)
            line += u"<br><span style='color:#a65e00'>%1</span>"_s.arg(
                !d.fdaCleared ? tr("not FDA-cleared: its readings do not count")
                              : tr("manual entry only: its readings do not count"));
        devices << line;
    }
    if (devices.isEmpty())
        devices << tr("No device issued");
    const auto when = [this](const std::optional<qint64> &ms) {
        return ms ? QLocale().toString(QDateTime::fromMSecsSinceEpoch(*ms, m_zone),
                                       u"ddd MMM d, HH:mm"_s)
                  : tr("never");
    };
    devices << tr("Last transmission: %1").arg(when(s.lastTransmissionMs));
    if (s.lastReadingMs != s.lastTransmissionMs)
        devices << tr("Last reading (entered by hand): %1").arg(when(s.lastReadingMs));
    m_devices->setText(devices.join(u"<br>"_s));

    const rules::MonthProgress &pr = s.progress;
    QStringList month;
    month << tr("<b>%1</b> RPM time · live call: %2")
                 .arg(mmss(pr.secondsSoFar),
                      pr.interactiveContact
                          ? tr("yes")
                          : u"<span style='color:#a65e00'>%1</span>"_s.arg(tr("not yet")));
    if (pr.devicePeriod)
        month << tr("Device days %1 of %2 in the period %3 – %4 (%5 days left)")
                     .arg(pr.devicePeriod->daysSoFar)
                     .arg(pr.devicePeriod->fullDays)
                     .arg(QLocale().toString(billing::toQDate(pr.devicePeriod->start), u"MMM d"_s),
                          QLocale().toString(billing::toQDate(pr.devicePeriod->end), u"MMM d"_s))
                     .arg(pr.devicePeriod->daysLeft);
    QStringList codes;
    for (const rules::CodeLine &c : s.decision.codes)
        codes << (c.units > 1 ? u"%1 ×%2"_s.arg(billing::fromStd(c.code)).arg(c.units)
                              : billing::fromStd(c.code));
    month << tr("Codes so far (%1): %2")
                 .arg(billing::fromStd(s.decision.ruleSet),
                      codes.isEmpty() ? tr("none yet") : u"<b>%1</b>"_s.arg(codes.join(u", "_s)));
    m_month->setText(month.join(u"<br>"_s));

    QStringList reasons;
    for (const std::string &r : s.decision.reasons)
        reasons << u"• "_s + billing::fromStd(r).toHtmlEscaped();
    m_reasons->setText(u"<span style='color:#444'>%1</span>"_s.arg(reasons.join(u"<br>"_s)));
}

void PatientView::loadTimeLog()
{
    const PracticeCalendar calendar(m_zone);
    const UtcRange range = calendar.monthRange(m_summary.month);
    TimeRepository repo(m_db.connection(), m_clock);
    auto entries = repo.effectiveEntries(m_patient, range);
    auto contacts = repo.effectiveContacts(m_patient, range);
    auto staff = StaffRepository(m_db.connection(), m_clock).all();
    if (!entries || !contacts || !staff) {
        showError(!entries ? entries.error() : !contacts ? contacts.error() : staff.error());
        return;
    }
    QHash<StaffId, QString> names;
    for (const StaffMember &m : *staff)
        names.insert(m.id, u"%1, %2"_s.arg(m.displayName, m.credential));
    m_timeLog->setData(std::move(*entries), std::move(*contacts), std::move(names), m_zone);
    m_timeView->resizeColumnsToContents();
    updateButtons();
}

void PatientView::updateButtons()
{
    const QModelIndexList rows = m_timeView->selectionModel()->selectedRows();
    const TimeLogModel::Item *item =
        rows.isEmpty() ? nullptr : m_timeLog->itemAt(rows.first().row());
    const bool timeSelected = item && item->isTime;
    m_correct->setEnabled(timeSelected);
    m_delete->setEnabled(timeSelected);
}

void PatientView::showError(const QString &message)
{
    QMessageBox box(QMessageBox::Warning, tr("VitalDesk"), message, QMessageBox::Ok, this);
    box.setObjectName(u"patientError"_s);
    box.exec();
}

void PatientView::logCall()
{
    if (!m_patient)
        return;
    int running = -1;
    emit stopwatchSecondsRequested(&running);
    CallDialog dialog(m_zone, m_clock.nowUtc(), running, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    Contact c = dialog.contact();
    c.patientId = m_patient;
    c.staffId = m_user;
    auto id = billing::TimeLog(m_db, m_clock).logContact(m_user, c, dialog.addsTime());
    if (!id) {
        showError(tr("The call was not saved: %1").arg(id.error()));
        return;
    }
    reload();
    emit recordsChanged(m_patient);
}

void PatientView::addManualTime()
{
    if (!m_patient)
        return;
    ManualTimeDialog dialog(m_zone, m_clock.nowUtc(), nullptr, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    TimeEntry e = dialog.entry();
    e.patientId = m_patient;
    e.staffId = m_user;
    auto id = billing::TimeLog(m_db, m_clock).addManualTime(m_user, e);
    if (!id) {
        showError(tr("The time was not saved: %1").arg(id.error()));
        return;
    }
    reload();
    emit recordsChanged(m_patient);
}

void PatientView::correctSelectedEntry()
{
    const QModelIndexList rows = m_timeView->selectionModel()->selectedRows();
    const TimeLogModel::Item *item =
        rows.isEmpty() ? nullptr : m_timeLog->itemAt(rows.first().row());
    if (!item || !item->isTime)
        return;
    const TimeEntry original = item->entry;
    ManualTimeDialog dialog(m_zone, m_clock.nowUtc(), &original, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    TimeEntry e = dialog.entry();
    e.patientId = original.patientId;
    e.staffId = original.staffId;
    auto id =
        billing::TimeLog(m_db, m_clock).amendTime(m_user, original.id, e, dialog.amendmentReason());
    if (!id) {
        showError(tr("The correction was not saved: %1").arg(id.error()));
        return;
    }
    reload();
    emit recordsChanged(m_patient);
}

void PatientView::deleteSelectedEntry()
{
    const QModelIndexList rows = m_timeView->selectionModel()->selectedRows();
    const TimeLogModel::Item *item =
        rows.isEmpty() ? nullptr : m_timeLog->itemAt(rows.first().row());
    if (!item || !item->isTime)
        return;
    const qint64 id = item->entry.id;
    bool ok = false;
    const QString reason = QInputDialog::getText(
        this, tr("Delete time entry"),
        tr("Why is this entry being deleted? It stays in the record, marked deleted."),
        QLineEdit::Normal, QString(), &ok);
    if (!ok)
        return;
    auto voided = billing::TimeLog(m_db, m_clock).deleteTime(m_user, id, reason);
    if (!voided) {
        showError(tr("The entry was not deleted: %1").arg(voided.error()));
        return;
    }
    reload();
    emit recordsChanged(m_patient);
}

void PatientView::manageDevices()
{
    if (!m_patient)
        return;
    DevicesDialog dialog(m_db, m_clock, m_user, m_patient, m_zone, this);
    dialog.exec();
    if (dialog.changed()) {
        reload();
        emit recordsChanged(m_patient);
    }
}

void PatientView::editAlertLimits()
{
    if (!m_patient)
        return;
    ThresholdsDialog dialog(m_db, m_clock, m_user, m_patient, m_zone, this);
    if (dialog.exec() == QDialog::Accepted && dialog.saved()) {
        openPatient(m_patient); // the chart's bands follow the new limits
        emit recordsChanged(m_patient);
    }
}

} // namespace vd::ui
