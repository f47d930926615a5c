#include "staffrepository.h"

#include <QRegularExpression>
#include <QSqlQuery>

#include "auditlog.h"
#include "clock.h"
#include "database.h"
#include "sqlutil.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {
const QStringList kPractitioners{u"MD"_s, u"DO"_s, u"NP"_s, u"PA"_s, u"CNS"_s, u"CNM"_s};
const QStringList kOthers{u"RN"_s, u"LPN"_s, u"MA"_s, u"MANAGER"_s, u"ADMIN"_s, u"BILLER"_s};

StaffMember fromRow(const QSqlQuery &q)
{
    StaffMember m;
    m.id = q.value(0).toLongLong();
    m.displayName = q.value(1).toString();
    m.credential = q.value(2).toString();
    m.npi = q.value(3).toString();
    m.username = q.value(4).toString();
    m.active = q.value(5).toInt() != 0;
    return m;
}

const QString kSelect = u"SELECT id, display_name, credential, npi, username, active FROM staff"_s;
} // namespace

StaffRepository::StaffRepository(QSqlDatabase db, const Clock &clock)
    : m_db(std::move(db))
    , m_clock(clock)
{}

bool StaffRepository::isPractitioner(const QString &credential)
{
    return kPractitioners.contains(credential);
}

bool StaffRepository::isKnownCredential(const QString &credential)
{
    return isPractitioner(credential) || kOthers.contains(credential);
}

Result<StaffId> StaffRepository::add(StaffId actor, const StaffMember &member)
{
    if (member.displayName.trimmed().isEmpty())
        return fail(u"staff member: name is empty"_s);
    if (!isKnownCredential(member.credential))
        return fail(u"staff member: unknown credential '%1'"_s.arg(member.credential));
    if (isPractitioner(member.credential)) {
        static const QRegularExpression tenDigits(u"^[0-9]{10}$"_s);
        if (!tenDigits.match(member.npi).hasMatch())
            return fail(u"staff member: a %1 needs a 10-digit NPI"_s.arg(member.credential));
    }

    ScopedTransaction tx(m_db);
    QSqlQuery q(m_db);
    q.prepare(u"INSERT INTO staff (display_name, credential, npi, username, active, created_at, "
              "created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id"_s);
    q.addBindValue(member.displayName.trimmed());
    q.addBindValue(member.credential);
    q.addBindValue(sql::textOrNull(member.npi));
    q.addBindValue(sql::textOrNull(member.username));
    q.addBindValue(member.active ? 1 : 0);
    q.addBindValue(m_clock.nowUtcMs());
    q.addBindValue(sql::idOrNull(actor));
    Result<qint64> id = sql::insertReturningId(q, u"adding a staff member"_s);
    if (!id)
        return id;
    const StaffId auditActor = actor ? actor : *id; // the first account creates itself
    if (Status s = AuditLog(m_db, m_clock).append(auditActor, u"create"_s, u"staff"_s, *id); !s)
        return fail(s.error());
    if (Status s = tx.commit(); !s)
        return fail(s.error());
    return id;
}

Result<std::vector<StaffMember>> StaffRepository::all() const
{
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(kSelect + u" ORDER BY display_name"_s);
    if (Status s = sql::exec(q, u"listing staff"_s); !s)
        return fail(s.error());
    std::vector<StaffMember> out;
    while (q.next())
        out.push_back(fromRow(q));
    return out;
}

Result<StaffMember> StaffRepository::byId(StaffId id) const
{
    QSqlQuery q(m_db);
    q.prepare(kSelect + u" WHERE id = ?"_s);
    q.addBindValue(id);
    if (Status s = sql::exec(q, u"reading a staff member"_s); !s)
        return fail(s.error());
    if (!q.next())
        return fail(u"no staff member with id %1"_s.arg(id));
    return fromRow(q);
}

} // namespace vd
