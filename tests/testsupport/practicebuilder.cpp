#include "practicebuilder.h"

#include <QTest>

#include "store/clock.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "store/settingsrepository.h"
#include "store/staffrepository.h"
#include "store/timerepository.h"

namespace vd::test {
using namespace Qt::Literals::StringLiterals;

namespace {
template<typename T>
T require(Result<T> r, const char *what)
{
    if (!r) {
        QTest::qFail(qPrintable(u"%1: %2"_s.arg(QLatin1StringView(what), r.error())), __FILE__,
                     __LINE__);
        return T{};
    }
    return std::move(r.value());
}
} // namespace

PracticeBuilder::PracticeBuilder(Database &db, const Clock &clock, const QByteArray &timeZone)
    : m_db(db)
    , m_clock(clock)
    , m_calendar(QTimeZone(timeZone))
{
    StaffRepository staff(db.connection(), clock);
    m_admin = require(staff.add(0, {0, u"Admin"_s, u"ADMIN"_s, {}, u"admin"_s, true}), "admin");
    m_nurse = addStaff(u"Rita Nurse"_s, u"RN"_s);
    m_physician =
        require(staff.add(m_admin, {0, u"Dr Paul Physician"_s, u"MD"_s, u"1234567893"_s, {}, true}),
                "physician");
    (void)SettingsRepository(db.connection(), clock)
        .setValue(m_admin, SettingsRepository::kTimeZone, QString::fromLatin1(timeZone));
}

StaffId PracticeBuilder::addStaff(const QString &name, const QString &credential)
{
    return require(StaffRepository(m_db.connection(), m_clock)
                       .add(m_admin, {0, name, credential, {}, {}, true}),
                   "staff");
}

PatientId PracticeBuilder::addEnrolledPatient(const QString &mrn, const QString &family,
                                              QDate monitoringStart)
{
    PatientRepository patients(m_db.connection(), m_clock);
    Patient p;
    p.mrn = mrn;
    p.familyName = family;
    p.givenName = u"Test"_s;
    p.birthDate = QDate(1948, 2, 3);
    const PatientId id = require(patients.add(m_admin, p), "patient");
    Episode e;
    e.patientId = id;
    e.monitoringStart = monitoringStart;
    e.orderingStaffId = m_physician;
    e.billingStaffId = m_physician;
    e.consentDate = monitoringStart;
    e.consentMethod = u"verbal"_s;
    e.consentObtainedBy = m_nurse;
    e.establishedEvidence = u"office visit"_s;
    e.conditions = {u"I10"_s};
    require(patients.addEpisode(m_admin, e), "episode");
    Device d;
    d.patientId = id;
    d.kind = u"bp_monitor"_s;
    d.model = u"Cuff"_s;
    d.serial = u"SN-"_s + mrn;
    d.assignedOn = monitoringStart;
    m_devices.insert(id, require(patients.addDevice(m_admin, d), "device"));
    return id;
}

qint64 PracticeBuilder::deviceOf(PatientId patient) const
{
    return m_devices.value(patient);
}

void PracticeBuilder::addReading(PatientId patient, QDate day, QTime time, const QString &kind,
                                 double v1, std::optional<double> v2, const QString &source)
{
    Reading r;
    r.patientId = patient;
    r.deviceId = source == u"device"_s ? deviceOf(patient) : 0;
    r.kind = kind;
    r.value1 = v1;
    r.value2 = v2;
    r.unit = kind == u"bp"_s ? u"mm[Hg]"_s : u"1"_s;
    r.takenAtMs = m_calendar.toUtcMs(day, time);
    r.source = source;
    require(
        Result<std::monostate>(ReadingRepository(m_db.connection(), m_clock).insert(m_admin, {r})),
        "reading");
}

void PracticeBuilder::addDailyReadings(PatientId patient, QDate first, QDate last)
{
    std::vector<Reading> batch;
    for (QDate d = first; d <= last; d = d.addDays(1)) {
        Reading r;
        r.patientId = patient;
        r.deviceId = deviceOf(patient);
        r.kind = u"bp"_s;
        r.value1 = 128;
        r.value2 = 82;
        r.unit = u"mm[Hg]"_s;
        r.takenAtMs = m_calendar.toUtcMs(d, QTime(8, 0));
        batch.push_back(r);
    }
    require(Result<std::monostate>(
                ReadingRepository(m_db.connection(), m_clock).insert(m_admin, batch)),
            "readings");
}

qint64 PracticeBuilder::addTime(PatientId patient, QDate day, QTime start, int seconds,
                                const QString &program, StaffId staff)
{
    TimeEntry e;
    e.patientId = patient;
    e.staffId = staff ? staff : m_nurse;
    e.startedAtMs = m_calendar.toUtcMs(day, start);
    e.seconds = seconds;
    e.program = program;
    return require(TimeRepository(m_db.connection(), m_clock).addEntry(e.staffId, e), "time");
}

qint64 PracticeBuilder::addCall(PatientId patient, QDate day, QTime start, int seconds,
                                bool connected, const QString &mode)
{
    Contact c;
    c.patientId = patient;
    c.staffId = m_nurse;
    c.startedAtMs = m_calendar.toUtcMs(day, start);
    c.seconds = seconds;
    c.mode = mode;
    c.connected = connected;
    return require(TimeRepository(m_db.connection(), m_clock).addContact(m_nurse, c), "contact");
}

} // namespace vd::test
