#include "monthprogress.h"

#include <algorithm>

#include "billing/rulesadapter.h"
#include "billing/stopwatch.h"
#include "store/clock.h"
#include "store/settingsrepository.h"
#include "store/staffrepository.h"

namespace vd::billing {
using namespace Qt::Literals::StringLiterals;

MonthProgressTracker::MonthProgressTracker(Database &db, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_db(db)
    , m_clock(clock)
    , m_calendar(SettingsRepository(db.connection(), clock).calendar())
{}

void MonthProgressTracker::setStopwatch(const Stopwatch *stopwatch)
{
    if (m_stopwatch == stopwatch)
        return;
    if (m_stopwatch)
        disconnect(m_stopwatch, nullptr, this, nullptr);
    m_stopwatch = stopwatch;
    if (stopwatch) {
        connect(stopwatch, &Stopwatch::saved, this, [this](const SavedTime &saved) {
            if (saved.patientId == m_patient)
                (void)refresh();
        });
    }
    (void)refresh();
}

void MonthProgressTracker::setPatient(PatientId patient)
{
    if (patient == m_patient && (m_facts || !m_error.isEmpty()))
        return;
    m_patient = patient;
    (void)refresh();
}

QDate MonthProgressTracker::today() const
{
    return m_calendar.localDate(m_clock.nowUtcMs());
}

Status MonthProgressTracker::refresh()
{
    m_facts.reset();
    m_error.clear();
    m_loggedSeconds = 0;
    m_stopwatchRole.clear();
    const QDate day = today();
    m_month = YearMonth::of(day);
    if (m_patient <= 0) {
        m_error = tr("No patient selected");
        emit refreshed();
        return fail(m_error);
    }

    MonthFactsBuilder builder(m_db, m_clock);
    Result<PatientMonth> pm =
        builder.onePatient(m_patient, m_month, day, ReadingWindow::CurrentPeriods);
    if (!pm) {
        m_error = pm.error();
        emit refreshed();
        return fail(m_error);
    }
    const rules::MonthProgress logged = rules::progress(pm->facts, 0, toRulesDate(day));
    if (!logged.ok()) {
        m_error = fromStd(logged.error);
        emit refreshed();
        return fail(m_error);
    }
    m_loggedSeconds = logged.secondsSoFar;
    if (m_stopwatch && m_stopwatch->staff() > 0) {
        Result<StaffMember> staff =
            StaffRepository(m_db.connection(), m_clock).byId(m_stopwatch->staff());
        if (staff)
            m_stopwatchRole = staff->credential.toStdString();
    }
    m_facts = std::move(*pm);
    emit refreshed();
    return success();
}

LiveMonthProgress MonthProgressTracker::current()
{
    const QDate day = today();
    if (YearMonth::of(day) != m_month)
        (void)refresh(); // a new month: last month's facts no longer apply

    LiveMonthProgress out;
    out.patientId = m_patient;
    out.month = m_month;
    out.today = day;
    if (!m_facts) {
        out.error = m_error.isEmpty() ? tr("No month figures") : m_error;
        return out;
    }

    rules::MonthFacts facts = m_facts->facts;
    facts.asOf = toRulesDate(day);
    if (m_stopwatch && m_stopwatch->isActive() && m_stopwatch->patientId() == m_patient) {
        for (const TimeEntry &e : m_stopwatch->pendingEntries()) {
            rules::TimeFact fact;
            fact.start = toRulesLocal(m_calendar, e.startedAtMs);
            fact.seconds = e.seconds;
            fact.program = e.program.toStdString();
            fact.role = m_stopwatchRole;
            fact.staff = std::to_string(e.staffId);
            facts.time.push_back(std::move(fact));
        }
    }
    out.rules = rules::progress(facts, 0, toRulesDate(day));
    if (!out.rules.ok()) {
        out.error = fromStd(out.rules.error);
        return out;
    }
    out.loggedSeconds = std::min<qint64>(m_loggedSeconds, out.rules.secondsSoFar);
    out.runningSeconds = out.rules.secondsSoFar - out.loggedSeconds;
    // The running time went in as time facts; report the split the way progress() would.
    out.rules.loggedSeconds = out.loggedSeconds;
    out.rules.runningSeconds = out.runningSeconds;
    return out;
}

} // namespace vd::billing
