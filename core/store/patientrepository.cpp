#include "patientrepository.h"

#include <QHash>
#include <QSqlQuery>

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kPatientSelect = u"SELECT id, mrn, family_name, given_name, birth_date, sex, phone, "
                               "time_zone FROM patients"_s;

Patient patientFromRow(const QSqlQuery &q)
{
    Patient p;
    p.id = q.value(0).toLongLong();
    p.mrn = q.value(1).toString();
    p.familyName = q.value(2).toString();
    p.givenName = q.value(3).toString();
    p.birthDate = sql::toDate(q.value(4));
    p.sex = q.value(5).toString();
    p.phone = q.value(6).toString();
    p.timeZone = q.value(7).toString();
    return p;
}

} // namespace

PatientRepository::PatientRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

Result<PatientId> PatientRepository::add(StaffId actor, const Patient &p)
{
    if (p.mrn.trimmed().isEmpty())
        return fail(u"patient: MRN is empty"_s);
    if (p.familyName.trimmed().isEmpty() || p.givenName.trimmed().isEmpty())
        return fail(u"patient %1: family and given name are required"_s.arg(p.mrn));
    if (!p.birthDate.isValid() || p.birthDate > m_clock.nowUtc().date())
        return fail(u"patient %1: date of birth is missing or in the future"_s.arg(p.mrn));

    ScopedTransaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO patients (mrn, family_name, given_name, birth_date, sex, phone, "
              "time_zone, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
              "RETURNING id"_s);
    q.addBindValue(p.mrn.trimmed());
    q.addBindValue(p.familyName.trimmed());
    q.addBindValue(p.givenName.trimmed());
    q.addBindValue(sql::dateOrNull(p.birthDate));
    q.addBindValue(sql::textOrNull(p.sex));
    q.addBindValue(sql::textOrNull(p.phone));
    q.addBindValue(sql::textOrNull(p.timeZone));
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(actor);
    Result<qint64> id = sql::insertReturningId(q, u"adding patient %1"_s.arg(p.mrn));
    if (!id)
        return id;
    if (Status s = AuditLog(m_db, m_clock).append(actor, u"create"_s, u"patient"_s, *id); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<std::vector<Patient>> PatientRepository::all() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kPatientSelect + u" ORDER BY family_name, given_name, mrn"_s);
    if (Status s = sql::exec(q, u"listing patients"_s); !s)
        return fail(s.error());
    std::vector<Patient> out;
    while (q.next())
        out.push_back(patientFromRow(q));
    return out;
}

Result<Patient> PatientRepository::byId(PatientId id) const
{
    QSqlQuery q(m_db);
    q.prepare(kPatientSelect + u" WHERE id = ?"_s);
    q.addBindValue(id);
    if (Status s = sql::exec(q, u"reading a patient"_s); !s)
        return fail(s.error());
    if (!q.next())
        return fail(u"no patient with id %1"_s.arg(id));
    return patientFromRow(q);
}

Result<std::optional<Patient>> PatientRepository::byMrn(const QString &mrn) const
{
    QSqlQuery q(m_db);
    q.prepare(kPatientSelect + u" WHERE mrn = ?"_s);
    q.addBindValue(mrn.trimmed());
    if (Status s = sql::exec(q, u"looking up an MRN"_s); !s)
        return fail(s.error());
    if (!q.next())
        return std::optional<Patient>();
    return std::optional<Patient>(patientFromRow(q));
}

Result<qint64> PatientRepository::count() const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT COUNT(*) FROM patients"_s);
    if (Status s = sql::exec(q, u"counting patients"_s); !s)
        return fail(s.error());
    q.next();
    return q.value(0).toLongLong();
}

Result<qint64> PatientRepository::addEpisode(StaffId actor, const Episode &e)
{
    static const QStringList programs{u"RPM"_s, u"RTM"_s, u"CCM"_s};
    if (!programs.contains(e.program))
        return fail(u"episode: unknown program '%1'"_s.arg(e.program));
    if (!e.monitoringStart.isValid())
        return fail(u"episode: monitoring start date is required"_s);
    if (e.monitoringEnd.isValid() && e.monitoringEnd < e.monitoringStart)
        return fail(u"episode: monitoring ends before it starts"_s);
    if (e.consentDate.isValid() && (e.consentMethod.isEmpty() || e.consentObtainedBy == 0))
        return fail(u"episode: consent needs a method and the staff member who obtained it"_s);

    ScopedTransaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO episodes (patient_id, program, monitoring_start, monitoring_end, "
              "order_date, ordering_staff_id, billing_staff_id, consent_date, consent_method, "
              "consent_obtained_by, established_evidence, setup_note, created_at, created_by) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    q.addBindValue(e.patientId);
    q.addBindValue(e.program);
    q.addBindValue(sql::dateOrNull(e.monitoringStart));
    q.addBindValue(sql::dateOrNull(e.monitoringEnd));
    q.addBindValue(sql::dateOrNull(e.orderDate));
    q.addBindValue(sql::idOrNull(e.orderingStaffId));
    q.addBindValue(sql::idOrNull(e.billingStaffId));
    q.addBindValue(sql::dateOrNull(e.consentDate));
    q.addBindValue(sql::textOrNull(e.consentMethod));
    q.addBindValue(sql::idOrNull(e.consentObtainedBy));
    q.addBindValue(sql::textOrNull(e.establishedEvidence));
    q.addBindValue(sql::textOrNull(e.setupNote));
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(actor);
    Result<qint64> id = sql::insertReturningId(q, u"adding an enrolment episode"_s);
    if (!id)
        return id;
    QSqlQuery c(m_db);
    c.prepare(u"INSERT INTO episode_conditions (episode_id, icd10) VALUES (?, ?)"_s);
    for (const QString &code : e.conditions) {
        c.addBindValue(*id);
        c.addBindValue(code.trimmed().toUpper());
        if (Status s = sql::exec(c, u"adding condition %1"_s.arg(code)); !s)
            return fail(s.error());
    }
    if (Status s = AuditLog(m_db, m_clock).append(actor, u"create"_s, u"episode"_s, *id); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<std::vector<Episode>> PatientRepository::episodes(PatientId patient) const
{
    return queryEpisodes(patient);
}

Result<std::vector<Episode>> PatientRepository::allEpisodes() const
{
    return queryEpisodes(0);
}

Result<std::vector<Episode>> PatientRepository::queryEpisodes(PatientId patient) const
{
    QHash<qint64, QStringList> conditions;
    {
        QSqlQuery c(m_db);
        c.setForwardOnly(true);
        c.prepare(patient ? u"SELECT ec.episode_id, ec.icd10 FROM episode_conditions ec "
                            "JOIN episodes e ON e.id = ec.episode_id WHERE e.patient_id = ? "
                            "ORDER BY ec.icd10"_s
                          : u"SELECT episode_id, icd10 FROM episode_conditions ORDER BY icd10"_s);
        if (patient)
            c.addBindValue(patient);
        if (Status s = sql::exec(c, u"reading monitored conditions"_s); !s)
            return fail(s.error());
        while (c.next())
            conditions[c.value(0).toLongLong()] << c.value(1).toString();
    }

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    const QString select =
        u"SELECT id, patient_id, program, monitoring_start, monitoring_end, order_date, "
        "ordering_staff_id, billing_staff_id, consent_date, consent_method, consent_obtained_by, "
        "established_evidence, setup_note FROM episodes"_s;
    q.prepare(select + (patient ? u" WHERE patient_id = ?"_s : QString()) +
              u" ORDER BY patient_id, monitoring_start"_s);
    if (patient)
        q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading enrolment episodes"_s); !s)
        return fail(s.error());
    std::vector<Episode> out;
    while (q.next()) {
        Episode e;
        e.id = q.value(0).toLongLong();
        e.patientId = q.value(1).toLongLong();
        e.program = q.value(2).toString();
        e.monitoringStart = sql::toDate(q.value(3));
        e.monitoringEnd = sql::toDate(q.value(4));
        e.orderDate = sql::toDate(q.value(5));
        e.orderingStaffId = q.value(6).toLongLong();
        e.billingStaffId = q.value(7).toLongLong();
        e.consentDate = sql::toDate(q.value(8));
        e.consentMethod = q.value(9).toString();
        e.consentObtainedBy = q.value(10).toLongLong();
        e.establishedEvidence = q.value(11).toString();
        e.setupNote = q.value(12).toString();
        e.conditions = conditions.value(e.id);
        out.push_back(std::move(e));
    }
    return out;
}

Result<qint64> PatientRepository::addDevice(StaffId actor, const Device &d)
{
    static const QStringList kinds{u"bp_monitor"_s,     u"scale"_s,       u"glucometer"_s,
                                   u"pulse_oximeter"_s, u"thermometer"_s, u"other"_s};
    if (!kinds.contains(d.kind))
        return fail(u"device: unknown kind '%1'"_s.arg(d.kind));
    if (d.serial.trimmed().isEmpty())
        return fail(u"device: serial number is required"_s);
    if (!d.assignedOn.isValid())
        return fail(u"device %1: assignment date is required"_s.arg(d.serial));

    ScopedTransaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO devices (patient_id, kind, model, serial, fda_cleared, auto_transmit, "
              "assigned_on, returned_on, created_at, created_by) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    q.addBindValue(d.patientId);
    q.addBindValue(d.kind);
    q.addBindValue(d.model);
    q.addBindValue(d.serial.trimmed());
    q.addBindValue(d.fdaCleared ? 1 : 0);
    q.addBindValue(d.autoTransmit ? 1 : 0);
    q.addBindValue(sql::dateOrNull(d.assignedOn));
    q.addBindValue(sql::dateOrNull(d.returnedOn));
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(actor);
    Result<qint64> id = sql::insertReturningId(q, u"adding device %1"_s.arg(d.serial));
    if (!id)
        return id;
    if (Status s = AuditLog(m_db, m_clock).append(actor, u"create"_s, u"device"_s, *id); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<std::vector<Device>> PatientRepository::devices(PatientId patient) const
{
    return queryDevices(patient);
}

Result<std::vector<Device>> PatientRepository::allDevices() const
{
    return queryDevices(0);
}

Result<std::vector<Device>> PatientRepository::queryDevices(PatientId patient) const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(u"SELECT id, patient_id, kind, model, serial, fda_cleared, auto_transmit, "
              "assigned_on, returned_on FROM devices"_s +
              (patient ? u" WHERE patient_id = ?"_s : QString()) + u" ORDER BY id"_s);
    if (patient)
        q.addBindValue(patient);
    if (Status s = sql::exec(q, u"reading devices"_s); !s)
        return fail(s.error());
    std::vector<Device> out;
    while (q.next()) {
        Device d;
        d.id = q.value(0).toLongLong();
        d.patientId = q.value(1).toLongLong();
        d.kind = q.value(2).toString();
        d.model = q.value(3).toString();
        d.serial = q.value(4).toString();
        d.fdaCleared = q.value(5).toInt() != 0;
        d.autoTransmit = q.value(6).toInt() != 0;
        d.assignedOn = sql::toDate(q.value(7));
        d.returnedOn = sql::toDate(q.value(8));
        out.push_back(std::move(d));
    }
    return out;
}

} // namespace vd
